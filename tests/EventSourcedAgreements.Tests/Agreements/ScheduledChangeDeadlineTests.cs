using System.Text.Json;
using Alba;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Deadlines;
using EventSourcedAgreements.Tests.Fixtures;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Wolverine;

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
    private const string EffectiveOn = "2025-06-30";

    [Fact]
    public async Task a_termination_recorded_ahead_of_its_date_takes_effect_when_the_service_clock_reaches_it()
    {
        var database = await app.Postgres.CreateDatabaseAsync();
        var clock = new FakeTimeProvider(BeforeMidnight);
        await using var host = await StartAsync(database, clock);
        var id = await SignedAsync(host, clock, expiresOn: null, signedOn: "2025-06-02");
        await PostAsync(host, clock, $"/api/agreements/{id}/terminate", new { effectiveOn = EffectiveOn, initiatedBy = "Agency", reason = "County board vote" });
        (await DetailsAsync(host, id)).GetProperty("status").GetString().ShouldBe("Active");
        var before = await ParticipationAsync(host, id, database);

        clock.SetUtcNow(EffectiveDay);

        var terminated = await EventuallyAsync(() => DetailsAsync(host, id), a => a.GetProperty("status").GetString() == "Terminated");
        terminated.GetProperty("endedOn").GetString().ShouldBe(EffectiveOn);
        terminated.GetProperty("endReason").GetString().ShouldBe("County board vote");
        terminated.GetProperty("pending").ValueKind.ShouldBe(JsonValueKind.Null);
        var lifecycle = (await GetAsync(host, $"/api/agreements/{id}/lifecycle")).EnumerateArray().ToList();
        lifecycle.Select(e => e.GetProperty("type").GetString()).ShouldBe(
            [nameof(AgreementRequested), nameof(AgreementSigned), nameof(AgreementTerminated), nameof(ScheduledChangeTookEffect)]);
        lifecycle[2].GetProperty("stateAfter").GetProperty("status").GetString().ShouldBe("Active");
        var tookEffect = lifecycle[3];
        tookEffect.GetProperty("on").GetString().ShouldBe(EffectiveOn);
        tookEffect.GetProperty("knownAt").GetDateTimeOffset().ShouldBe(EffectiveDay);
        tookEffect.GetProperty("source").GetString().ShouldBe(Deadline.Source);
        tookEffect.GetProperty("data").GetRawText().ShouldBe("""{"effectiveOn":"2025-06-30","change":"Terminated"}""");
        tookEffect.GetProperty("stateAfter").GetProperty("status").GetString().ShouldBe("Terminated");
        (await ParticipationAsync(host, id, database)).ShouldBe(before);
    }

    [Fact]
    public async Task a_suspension_recorded_ahead_of_its_date_takes_effect_when_the_service_clock_reaches_it()
    {
        var database = await app.Postgres.CreateDatabaseAsync();
        var clock = new FakeTimeProvider(BeforeMidnight);
        await using var host = await StartAsync(database, clock);
        var id = await SignedAsync(host, clock, expiresOn: null, signedOn: "2025-06-02");
        await PostAsync(host, clock, $"/api/agreements/{id}/suspend", new { effectiveOn = EffectiveOn, reason = "Training audit" });
        var before = await ParticipationAsync(host, id, database);

        clock.SetUtcNow(EffectiveDay);

        var suspended = await EventuallyAsync(() => DetailsAsync(host, id), a => a.GetProperty("status").GetString() == "Suspended");
        suspended.GetProperty("suspendedOn").GetString().ShouldBe(EffectiveOn);
        var tookEffect = (await GetAsync(host, $"/api/agreements/{id}/lifecycle")).EnumerateArray().Last();
        tookEffect.GetProperty("type").GetString().ShouldBe(nameof(ScheduledChangeTookEffect));
        tookEffect.GetProperty("source").GetString().ShouldBe(Deadline.Source);
        (await ParticipationAsync(host, id, database)).ShouldBe(before);

        // Once in effect, it can be reinstated as any suspension.
        await PostAsync(host, clock, $"/api/agreements/{id}/reinstate", new { effectiveOn = EffectiveOn });
    }

    [Fact]
    public async Task a_pending_suspension_overtaken_by_a_termination_finds_nothing_to_do_on_its_date()
    {
        var database = await app.Postgres.CreateDatabaseAsync();
        var clock = new FakeTimeProvider(BeforeMidnight);
        await using var host = await StartAsync(database, clock);
        var id = await SignedAsync(host, clock, expiresOn: null, signedOn: "2025-06-02");
        await PostAsync(host, clock, $"/api/agreements/{id}/suspend", new { effectiveOn = EffectiveOn, reason = "Training audit" });
        await PostAsync(host, clock, $"/api/agreements/{id}/terminate", new { effectiveOn = "2025-06-29", initiatedBy = "ICE", reason = "Program review" });
        var version = (await DetailsAsync(host, id)).GetProperty("version").GetInt32();

        clock.SetUtcNow(EffectiveDay);

        const string Scheduled = "select count(*) from agreements.wolverine_incoming_envelopes where message_type like '%ScheduledChangeDue%' and status = 'Scheduled'";
        await EventuallyAsync(() => Sql.CountAsync(database, Scheduled), count => count == 0);
        var details = await DetailsAsync(host, id);
        details.GetProperty("status").GetString().ShouldBe("Terminated");
        details.GetProperty("endedOn").GetString().ShouldBe("2025-06-29");
        details.GetProperty("version").GetInt32().ShouldBe(version);
    }

    [Fact]
    public async Task a_sweep_sends_the_changes_whose_date_came_and_each_takes_effect_once()
    {
        var database = await app.Postgres.CreateDatabaseAsync();
        var clock = new FakeTimeProvider(BeforeMidnight);
        await using var host = await StartAsync(database, clock, (DeadlineSettings.EnabledSetting, "false"));
        var id = await SignedAsync(host, clock, expiresOn: null, signedOn: "2025-06-02");
        await PostAsync(host, clock, $"/api/agreements/{id}/terminate", new { effectiveOn = EffectiveOn, initiatedBy = "ICE", reason = "Program review" });
        var store = host.Services.GetRequiredService<IDocumentStore>();
        using var scope = host.Services.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        var today = DateOnly.FromDateTime(BeforeMidnight.UtcDateTime);
        await using (var early = store.QuerySession())
        {
            (await ScheduledChanges.DueAsync(early, today, CancellationToken.None)).ShouldBeEmpty();
        }

        clock.SetUtcNow(EffectiveDay);
        IReadOnlyList<ScheduledChangeDue> due;
        await using (var session = store.QuerySession())
        {
            due = await ScheduledChanges.DueAsync(session, today.AddDays(1), CancellationToken.None);
        }

        due.ShouldBe([new ScheduledChangeDue(id, AgreementStatus.Terminated, new DateOnly(2025, 6, 30))]);
        await bus.InvokeAsync(due[0]);
        await bus.InvokeAsync(due[0]);
        var details = await DetailsAsync(host, id);
        details.GetProperty("status").GetString().ShouldBe("Terminated");
        details.GetProperty("version").GetInt32().ShouldBe(4);
        await using var after = store.QuerySession();
        (await ScheduledChanges.DueAsync(after, today.AddDays(1), CancellationToken.None)).ShouldBeEmpty();
    }

    /// <summary>
    /// The participation answers about the agreement: in force the day before the change and on its day, as known now and
    /// as known the day before; and its stretches in force as known now, as stored.
    /// </summary>
    private static async Task<string> ParticipationAsync(IAlbaHost host, Guid id, string database)
    {
        var answers = new List<string>();
        foreach (var query in new[] { "asOf=2025-06-29", "asOf=2025-06-30", "asOf=2025-06-29&knownAt=2025-06-29", "asOf=2025-06-30&knownAt=2025-06-29" })
        {
            var participants = (await GetAsync(host, $"/api/participants?{query}&state=FL")).GetProperty("participants").EnumerateArray();
            answers.Add($"{query}: {string.Join(", ", participants.Where(p => p.GetProperty("agreementId").GetGuid() == id).Select(p => p.GetProperty("signedOn").GetString()))}");
        }

        answers.Add($"periods: {await Sql.ScalarAsync<string>(database, $"select string_agg(effective::text, ' ' order by effective) from agreements.participation_periods where agreement_id = '{id}' and upper_inf(known)")}");
        return string.Join(Environment.NewLine, answers);
    }
}
