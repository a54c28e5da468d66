using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Deadlines;
using EventSourcedAgreements.Tests.Fixtures;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using static EventSourcedAgreements.Tests.Fixtures.DeadlineHost;

namespace EventSourcedAgreements.Tests.Agreements;

/// <summary>
/// The sweep: deadlines that no scheduled message covers (here: agreements signed while deadlines were off) are found
/// and recorded; and however often the service starts, one chain of sweeps is scheduled.
/// </summary>
[Collection(AppFixtureDefinition.Name)]
public sealed class DeadlineSweepTests(AppFixture app)
{
    private const string ScheduledSweeps = $"{ScheduledSql}'%SweepDeadlines%'";
    private static readonly (string, string) Off = (DeadlineSettings.EnabledSetting, "false");
    private static readonly (string, string) SweepEverySecond = (DeadlineSettings.SweepEverySetting, "00:00:01");

    [Fact]
    public async Task an_expiry_that_no_message_covers_is_recorded_by_the_sweep()
    {
        var database = await app.Postgres.CreateDatabaseAsync();
        Guid id;
        await using (var before = await StartAsync(database, new FakeTimeProvider(new DateTimeOffset(2025, 6, 10, 12, 0, 0, TimeSpan.Zero)), Off))
        {
            id = await before.SignedAsync(expiresOn: new DateOnly(2025, 6, 30));
            (await before.ScheduledAsync(nameof(ExpiryDue))).ShouldBe(0);
        }

        var later = new DateTimeOffset(2025, 7, 2, 9, 30, 0, TimeSpan.Zero);
        await using var deadlines = await StartAsync(database, new FakeTimeProvider(later), SweepEverySecond);

        (await EventuallyAsync(() => deadlines.DetailsAsync(id), a => a.Status == AgreementStatus.Expired))
            .EndedOn.ShouldBe(new DateOnly(2025, 6, 30));
        var expired = (await deadlines.LifecycleAsync(id))[^1];
        expired.Type.ShouldBe(nameof(AgreementExpired));
        expired.KnownAt.ShouldBe(later);
        expired.Source.ShouldBe(Deadline.Source);
    }

    [Fact]
    public async Task a_termination_recorded_ahead_of_its_date_that_no_message_covers_takes_effect_by_the_sweep()
    {
        var database = await app.Postgres.CreateDatabaseAsync();
        Guid id;
        await using (var before = await StartAsync(database, new FakeTimeProvider(new DateTimeOffset(2025, 6, 10, 12, 0, 0, TimeSpan.Zero)), Off))
        {
            id = await before.SignedAsync(expiresOn: new DateOnly(2028, 6, 30));
            await before.SendAsync(id, new TerminateAgreement(new DateOnly(2025, 9, 1), "Agency", "County board vote", null));
            (await before.ScheduledAsync(nameof(ScheduledChangeDue))).ShouldBe(0);
        }

        var later = new DateTimeOffset(2025, 9, 3, 8, 0, 0, TimeSpan.Zero);
        await using var deadlines = await StartAsync(database, new FakeTimeProvider(later), SweepEverySecond);

        (await EventuallyAsync(() => deadlines.DetailsAsync(id), a => a.Status == AgreementStatus.Terminated))
            .EndedOn.ShouldBe(new DateOnly(2025, 9, 1));
        var tookEffect = (await deadlines.LifecycleAsync(id))[^1];
        tookEffect.Type.ShouldBe(nameof(ScheduledChangeTookEffect));
        tookEffect.KnownAt.ShouldBe(later);
        tookEffect.Source.ShouldBe(Deadline.Source);
    }

    [Fact]
    public async Task a_reminder_that_no_message_covers_is_issued_by_the_sweep_once()
    {
        var database = await app.Postgres.CreateDatabaseAsync();
        Guid id;
        await using (var before = await StartAsync(database, new FakeTimeProvider(new DateTimeOffset(2025, 6, 10, 12, 0, 0, TimeSpan.Zero)), Off))
        {
            id = await before.SignedAsync(expiresOn: new DateOnly(2025, 12, 31));
        }

        var later = new DateTimeOffset(2025, 10, 15, 9, 30, 0, TimeSpan.Zero);
        await using var deadlines = await StartAsync(database, new FakeTimeProvider(later), SweepEverySecond);

        var reminded = await EventuallyAsync(() => deadlines.LifecycleAsync(id), events => events.Any(e => e.Type == nameof(ExpiryReminderIssued)));

        // Several sweeps later (one a second), still one reminder.
        await Task.Delay(TimeSpan.FromSeconds(4));
        var events = await deadlines.LifecycleAsync(id);
        events.Length.ShouldBe(reminded.Length);
        events.Single(e => e.Type == nameof(ExpiryReminderIssued)).On.ShouldBe(new DateOnly(2025, 10, 15));
        (await deadlines.RemindersAsync(id)).ShouldBe([(new DateOnly(2025, 12, 31), 90, new DateOnly(2025, 10, 15))]);
        (await deadlines.DetailsAsync(id)).Status.ShouldBe(AgreementStatus.Active);
    }

    [Fact]
    public async Task starting_again_or_on_a_second_node_does_not_start_another_chain_of_sweeps()
    {
        var database = await app.Postgres.CreateDatabaseAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 6, 10, 12, 0, 0, TimeSpan.Zero));
        await using (var first = await StartAsync(database, clock))
        {
            await EventuallyAsync(() => first.ScheduledAsync(nameof(SweepDeadlines)), count => count == 1);
        }

        await using (var restarted = await StartAsync(database, clock))
        {
            await using var second = await StartAsync(database, clock);
            await NeverMoreThanOneAsync(database);
        }

        await using var again = await StartAsync(database, clock);
        await NeverMoreThanOneAsync(database);
        (await Sql.CountAsync(database, ScheduledSweeps)).ShouldBe(1);
    }

    [Fact]
    public async Task the_sweep_reads_the_partial_index_of_open_agreements_expiry_dates()
    {
        await using var session = app.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        await using var query = session.InForceExpiringBy(new DateOnly(2025, 9, 30)).ToCommand();
        await using var connection = new NpgsqlConnection(app.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using (var noSeqScan = new NpgsqlCommand("set enable_seqscan = off", connection))
        {
            await noSeqScan.ExecuteNonQueryAsync();
        }

        query.CommandText = $"explain {query.CommandText}";
        query.Connection = connection;
        var plan = new List<string>();
        await using (var reader = await query.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        string.Join('\n', plan).ShouldContain(DeadlineSweep.OpenExpiringIndex);
    }

    private static async Task NeverMoreThanOneAsync(string database)
    {
        var counts = new List<long>();
        for (var watched = System.Diagnostics.Stopwatch.StartNew(); watched.Elapsed < TimeSpan.FromSeconds(8);)
        {
            counts.Add(await Sql.CountAsync(database, ScheduledSweeps));
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }

        counts.ShouldAllBe(count => count <= 1);
    }
}
