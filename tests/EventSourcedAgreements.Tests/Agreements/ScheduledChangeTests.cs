using System.Net;
using System.Text.Json;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Deadlines;
using EventSourcedAgreements.Tests.Fixtures;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EventSourcedAgreements.Tests.Agreements;

/// <summary>
/// Suspensions and terminations recorded ahead of their date, through HTTP on the shared service (which runs without
/// deadlines: a pending change stays pending there; <see cref="ScheduledChangeDeadlineTests"/> lets them take effect).
/// </summary>
public sealed class ScheduledChangeTests(AppFixture app) : AppTest(app)
{
    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task a_termination_effective_in_the_future_leaves_the_agreement_active_with_the_change_pending()
    {
        var id = await SignedAgreement();
        var effectiveOn = Today.AddDays(90);

        (await Send(id, new TerminateAgreement(effectiveOn, "Agency", "County board vote", ExpectedVersion: null)))
            .ShouldBe(new AgreementAccepted(id, AgreementStatus.Active, 3));

        var details = await Send($"/api/agreements/{id}", null, null, HttpStatusCode.OK, "GET");
        var agreement = details.ReadAsJson<JsonElement>();
        agreement.GetProperty("status").GetString().ShouldBe("Active");
        agreement.GetProperty("endedOn").ValueKind.ShouldBe(JsonValueKind.Null);
        var pending = agreement.GetProperty("pending");
        pending.GetProperty("change").GetString().ShouldBe("Terminated");
        Day(pending.GetProperty("effectiveOn")).ShouldBe(effectiveOn);
        pending.GetProperty("reason").GetString().ShouldBe("County board vote");

        var recorded = (await Lifecycle(id))[^1];
        recorded.GetProperty("type").GetString().ShouldBe(nameof(AgreementTerminated));
        Day(recorded.GetProperty("on")).ShouldBe(effectiveOn);
        recorded.GetProperty("data").GetProperty("scheduled").GetBoolean().ShouldBeTrue();
        recorded.GetProperty("stateAfter").GetProperty("status").GetString().ShouldBe("Active");
        recorded.GetProperty("stateAfter").GetProperty("pending").GetProperty("change").GetString().ShouldBe("Terminated");
        (await Participants(effectiveOn.AddDays(-1), id)).ShouldBe([new DateOnly(2019, 1, 22)]);
        (await Participants(effectiveOn, id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_suspension_effective_in_the_future_leaves_the_agreement_active_with_the_change_pending()
    {
        var id = await SignedAgreement();
        var effectiveOn = Today.AddDays(30);

        (await Send(id, new SuspendAgreement(effectiveOn, "Training audit", ExpectedVersion: null)))
            .ShouldBe(new AgreementAccepted(id, AgreementStatus.Active, 3));

        var agreement = await Details(id);
        agreement.Status.ShouldBe(AgreementStatus.Active);
        agreement.SuspendedOn.ShouldBeNull();
        agreement.Pending.ShouldBe(new PendingChange(AgreementStatus.Suspended, effectiveOn, "Training audit"));
        (await Events(id))[^1].Data.ShouldBe(new AgreementSuspended(effectiveOn, "Training audit", Scheduled: true));
        (await Participants(effectiveOn.AddDays(-1), id)).ShouldBe([new DateOnly(2019, 1, 22)]);
        (await Participants(effectiveOn, id)).ShouldBeEmpty();
    }

    [Fact]
    public async Task while_a_suspension_is_pending_another_change_or_a_reinstatement_is_refused_and_appends_nothing()
    {
        var id = await SignedAgreement();
        var effectiveOn = Today.AddDays(30);
        await Send(id, new SuspendAgreement(effectiveOn, "Training audit", ExpectedVersion: null));

        var again = await Problem(id, new SuspendAgreement(Today.AddDays(60), "again", ExpectedVersion: null), HttpStatusCode.Conflict);
        var reinstated = await Problem(id, new ReinstateAgreement(effectiveOn, ExpectedVersion: null), HttpStatusCode.Conflict);
        var laterEnd = await Problem(id, new TerminateAgreement(Today.AddDays(60), "ICE", "x", ExpectedVersion: null), HttpStatusCode.Conflict);

        again.Title.ShouldBe("Change pending");
        again.Detail.ShouldBe($"Cannot suspend agreement {id}: its suspension effective {effectiveOn:yyyy-MM-dd} was recorded ahead of its date and takes effect then; one change waits for its date at a time.");
        reinstated.Detail.ShouldNotBeNull().ShouldContain("reinstate it once the suspension has taken effect");
        laterEnd.Detail.ShouldNotBeNull().ShouldContain("a termination effective today or earlier ends the agreement before that suspension");
        (await Events(id)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task a_termination_in_effect_today_overtakes_a_pending_suspension()
    {
        var id = await SignedAgreement();
        await Send(id, new SuspendAgreement(Today.AddDays(30), "Training audit", ExpectedVersion: null));

        (await Send(id, new TerminateAgreement(Today, "ICE", "Program review", ExpectedVersion: null)))
            .ShouldBe(new AgreementAccepted(id, AgreementStatus.Terminated, 4));

        var agreement = await Details(id);
        agreement.Pending.ShouldBeNull();
        agreement.EndedOn.ShouldBe(Today);
        // Stored as Marten stores events: the immediate termination as before this existed, the scheduled suspension marked.
        (await App.CountAsync($"select count(*) from {Schema}.mt_events where stream_id = '{id}' and type = 'agreement_terminated' and not data ? 'Scheduled'")).ShouldBe(1);
        (await App.CountAsync($"select count(*) from {Schema}.mt_events where stream_id = '{id}' and type = 'agreement_suspended' and data -> 'Scheduled' = 'true'")).ShouldBe(1);
        await using var session = App.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        (await ScheduledChanges.DueAsync(session, Today.AddDays(30), CancellationToken.None)).ShouldNotContain(due => due.AgreementId == id);
        var changes = await Send($"/api/participants/changes?from={Today:yyyy-MM-dd}&to={Today.AddDays(60):yyyy-MM-dd}", null, null, HttpStatusCode.OK, "GET");
        changes.ReadAsText().ShouldNotContain("Suspended");
    }

    [Fact]
    public async Task while_a_termination_is_pending_the_agency_cannot_ask_again_for_the_same_model()
    {
        var id = await SignedAgreement();
        await Send(id, new TerminateAgreement(Today.AddDays(30), "ICE", "Program review", ExpectedVersion: null));

        await Problem("/api/agreements", HernandoJem, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task a_change_cannot_be_scheduled_for_the_expiry_day()
    {
        var expiresOn = Today.AddDays(30);
        var id = await SignedAgreement(expiresOn: expiresOn);

        var problem = await Problem(id, new TerminateAgreement(expiresOn, "ICE", "x", ExpectedVersion: null), HttpStatusCode.Conflict);

        problem.Title.ShouldBe("Agreement expires that day");
    }

    [Fact]
    public async Task the_sweep_finds_the_pending_changes_whose_date_has_come_soonest_first()
    {
        var suspended = await SignedAgreement();
        var terminated = await SignedAgreement(new RequestAgreement("FL", "Marion County Sheriff's Office", AgencyType: null, County: null, "JEM", new DateOnly(2019, 1, 2)));
        var later = await SignedAgreement(new RequestAgreement("FL", "Lake County Sheriff's Office", AgencyType: null, County: null, "JEM", new DateOnly(2019, 1, 2)));
        var ended = await SignedAgreement(new RequestAgreement("FL", "Polk County Sheriff's Office", AgencyType: null, County: null, "JEM", new DateOnly(2019, 1, 2)));
        await Send(suspended, new SuspendAgreement(Today.AddDays(20), "audit", ExpectedVersion: null));
        await Send(terminated, new TerminateAgreement(Today.AddDays(10), "ICE", "review", ExpectedVersion: null));
        await Send(later, new TerminateAgreement(Today.AddDays(21), "ICE", "review", ExpectedVersion: null));
        await Send(ended, new SuspendAgreement(Today.AddDays(5), "audit", ExpectedVersion: null));
        await Send(ended, new TerminateAgreement(Today, "ICE", "review", ExpectedVersion: null));
        await using var session = App.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();

        (await ScheduledChanges.DueAsync(session, Today.AddDays(9), CancellationToken.None)).ShouldBeEmpty();
        (await ScheduledChanges.DueAsync(session, Today.AddDays(20), CancellationToken.None)).ShouldBe(
        [
            new ScheduledChangeDue(terminated, AgreementStatus.Terminated, Today.AddDays(10)),
            new ScheduledChangeDue(suspended, AgreementStatus.Suspended, Today.AddDays(20)),
        ]);
    }

    [Fact]
    public async Task the_sweep_reads_the_pending_dates_through_an_index()
    {
        var index = await App.CountAsync(
            "select count(*) from pg_indexes where schemaname = 'agreements' and tablename = 'mt_doc_agreement' and indexdef like '%''Pending''%''EffectiveOn''%'");

        index.ShouldBe(1);
    }

    private static DateOnly Day(JsonElement date) => DateOnly.Parse(date.GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    private async Task<IReadOnlyList<JsonElement>> Lifecycle(Guid id) =>
        [.. (await Send($"/api/agreements/{id}/lifecycle", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<JsonElement>().EnumerateArray()];

    private async Task<IReadOnlyList<DateOnly>> Participants(DateOnly asOf, Guid id)
    {
        var answer = (await Send($"/api/participants?asOf={asOf:yyyy-MM-dd}&state=FL", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<JsonElement>();
        return [.. answer.GetProperty("participants").EnumerateArray()
            .Where(p => p.GetProperty("agreementId").GetGuid() == id)
            .Select(p => Day(p.GetProperty("signedOn")))];
    }
}
