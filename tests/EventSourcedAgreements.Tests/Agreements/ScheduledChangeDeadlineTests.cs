using System.Text.Json;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Deadlines;
using EventSourcedAgreements.Tests.Fixtures;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static EventSourcedAgreements.Tests.Fixtures.DeadlineHost;

namespace EventSourcedAgreements.Tests.Agreements;

/// <summary>
/// Suspensions and terminations recorded ahead of their date take effect on it: on hosts of their own (one database
/// each) whose clock the test sets, the change is scheduled a few real seconds ahead (the service's clock is set to just
/// before midnight), so Wolverine's stored message itself is what fires.
/// </summary>
[Collection(AppFixtureDefinition.Name)]
public sealed class ScheduledChangeDeadlineTests(AppFixture app)
{
    private static readonly DateTimeOffset BeforeMidnight = new(2025, 6, 29, 23, 59, 57, TimeSpan.Zero);
    private static readonly DateTimeOffset EffectiveDay = new(2025, 6, 30, 0, 0, 5, TimeSpan.Zero);
    private static readonly DateOnly EffectiveOn = new(2025, 6, 30);

    [Fact]
    public async Task a_termination_recorded_ahead_of_its_date_takes_effect_when_the_service_clock_reaches_it()
    {
        await using var deadlines = await StartAsync(await app.Postgres.CreateDatabaseAsync(), new FakeTimeProvider(BeforeMidnight));
        var id = await deadlines.SignedAsync(expiresOn: null, signedOn: new DateOnly(2025, 6, 2));
        await deadlines.SendAsync(id, new TerminateAgreement(EffectiveOn, "Agency", "County board vote", null));
        (await deadlines.DetailsAsync(id)).Status.ShouldBe(AgreementStatus.Active);
        var before = await ParticipationAsync(deadlines, id);

        await deadlines.AdvanceUntilHandledAsync<ScheduledChangeDue>(EffectiveDay);

        var terminated = await deadlines.DetailsAsync(id);
        terminated.Status.ShouldBe(AgreementStatus.Terminated);
        terminated.EndedOn.ShouldBe(EffectiveOn);
        terminated.EndReason.ShouldBe("County board vote");
        terminated.Pending.ShouldBeNull();
        var lifecycle = await deadlines.LifecycleAsync(id);
        lifecycle.Select(e => e.Type).ShouldBe(
            [nameof(AgreementRequested), nameof(AgreementSigned), nameof(AgreementTerminated), nameof(ScheduledChangeTookEffect)]);
        lifecycle[2].StateAfter.Status.ShouldBe(AgreementStatus.Active);
        var tookEffect = lifecycle[3];
        tookEffect.On.ShouldBe(EffectiveOn);
        tookEffect.KnownAt.ShouldBe(EffectiveDay);
        tookEffect.Source.ShouldBe(Deadline.Source);
        ((JsonElement)tookEffect.Data).GetRawText().ShouldBe("""{"effectiveOn":"2025-06-30","change":"Terminated"}""");
        tookEffect.StateAfter.Status.ShouldBe(AgreementStatus.Terminated);
        (await ParticipationAsync(deadlines, id)).ShouldBe(before);
    }

    [Fact]
    public async Task a_suspension_recorded_ahead_of_its_date_takes_effect_when_the_service_clock_reaches_it()
    {
        await using var deadlines = await StartAsync(await app.Postgres.CreateDatabaseAsync(), new FakeTimeProvider(BeforeMidnight));
        var id = await deadlines.SignedAsync(expiresOn: null, signedOn: new DateOnly(2025, 6, 2));
        await deadlines.SendAsync(id, new SuspendAgreement(EffectiveOn, "Training audit", null));
        var before = await ParticipationAsync(deadlines, id);

        await deadlines.AdvanceUntilHandledAsync<ScheduledChangeDue>(EffectiveDay);

        var suspended = await deadlines.DetailsAsync(id);
        suspended.Status.ShouldBe(AgreementStatus.Suspended);
        suspended.SuspendedOn.ShouldBe(EffectiveOn);
        var tookEffect = (await deadlines.LifecycleAsync(id))[^1];
        tookEffect.Type.ShouldBe(nameof(ScheduledChangeTookEffect));
        tookEffect.Source.ShouldBe(Deadline.Source);
        (await ParticipationAsync(deadlines, id)).ShouldBe(before);

        // Once in effect, it can be reinstated as any suspension.
        (await deadlines.SendAsync(id, new ReinstateAgreement(EffectiveOn, null))).Status.ShouldBe(AgreementStatus.Active);
    }

    [Fact]
    public async Task a_pending_suspension_overtaken_by_a_termination_finds_nothing_to_do_on_its_date()
    {
        await using var deadlines = await StartAsync(await app.Postgres.CreateDatabaseAsync(), new FakeTimeProvider(BeforeMidnight));
        var id = await deadlines.SignedAsync(expiresOn: null, signedOn: new DateOnly(2025, 6, 2));
        await deadlines.SendAsync(id, new SuspendAgreement(EffectiveOn, "Training audit", null));
        await deadlines.SendAsync(id, new TerminateAgreement(new DateOnly(2025, 6, 29), "ICE", "Program review", null));
        var version = (await deadlines.DetailsAsync(id)).Version;

        await deadlines.AdvanceUntilHandledAsync<ScheduledChangeDue>(EffectiveDay);

        (await deadlines.ScheduledAsync(nameof(ScheduledChangeDue))).ShouldBe(0);
        var details = await deadlines.DetailsAsync(id);
        details.Status.ShouldBe(AgreementStatus.Terminated);
        details.EndedOn.ShouldBe(new DateOnly(2025, 6, 29));
        details.Version.ShouldBe(version);
    }

    [Fact]
    public async Task a_sweep_sends_the_changes_whose_date_came_and_each_takes_effect_once()
    {
        await using var deadlines = await StartAsync(await app.Postgres.CreateDatabaseAsync(), new FakeTimeProvider(BeforeMidnight), (DeadlineSettings.EnabledSetting, "false"));
        var id = await deadlines.SignedAsync(expiresOn: null, signedOn: new DateOnly(2025, 6, 2));
        await deadlines.SendAsync(id, new TerminateAgreement(EffectiveOn, "ICE", "Program review", null));
        var store = deadlines.Host.Services.GetRequiredService<IDocumentStore>();
        var today = DateOnly.FromDateTime(BeforeMidnight.UtcDateTime);
        await using (var early = store.QuerySession())
        {
            (await ScheduledChanges.DueAsync(early, today, CancellationToken.None)).ShouldBeEmpty();
        }

        deadlines.Clock.SetUtcNow(EffectiveDay);
        IReadOnlyList<ScheduledChangeDue> due;
        await using (var session = store.QuerySession())
        {
            due = await ScheduledChanges.DueAsync(session, today.AddDays(1), CancellationToken.None);
        }

        due.ShouldBe([new ScheduledChangeDue(id, AgreementStatus.Terminated, EffectiveOn)]);
        await deadlines.InvokeAsync(due[0]);
        await deadlines.InvokeAsync(due[0]);
        var details = await deadlines.DetailsAsync(id);
        details.Status.ShouldBe(AgreementStatus.Terminated);
        details.Version.ShouldBe(4);
        await using var after = store.QuerySession();
        (await ScheduledChanges.DueAsync(after, today.AddDays(1), CancellationToken.None)).ShouldBeEmpty();
    }

    /// <summary>
    /// The participation answers about the agreement: in force the day before the change and on its day, as known now and
    /// as known the day before; and its stretches in force as known now, as stored.
    /// </summary>
    private static async Task<string> ParticipationAsync(DeadlineHost deadlines, Guid id)
    {
        var answers = new List<string>();
        foreach (var query in new[] { "asOf=2025-06-29", "asOf=2025-06-30", "asOf=2025-06-29&knownAt=2025-06-29", "asOf=2025-06-30&knownAt=2025-06-29" })
        {
            var participants = (await deadlines.Service.GetAsync<JsonElement>($"/api/participants?{query}&state=FL")).GetProperty("participants").EnumerateArray();
            answers.Add($"{query}: {string.Join(", ", participants.Where(p => p.GetProperty("agreementId").GetGuid() == id).Select(p => p.GetProperty("signedOn").GetString()))}");
        }

        answers.Add($"periods: {await Sql.ScalarAsync<string>(deadlines.Database, $"select string_agg(effective::text, ' ' order by effective) from agreements.participation_periods where agreement_id = '{id}' and upper_inf(known)")}");
        return string.Join(Environment.NewLine, answers);
    }
}
