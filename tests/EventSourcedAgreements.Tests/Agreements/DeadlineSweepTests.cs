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
        var signing = new FakeTimeProvider(new DateTimeOffset(2025, 6, 10, 12, 0, 0, TimeSpan.Zero));
        Guid id;
        await using (var before = await StartAsync(database, signing, Off))
        {
            id = await SignedAsync(before, signing, expiresOn: "2025-06-30");
        }

        (await Sql.CountAsync(database, $"{ScheduledSql}'%ExpiryDue%'")).ShouldBe(0);
        var later = new DateTimeOffset(2025, 7, 2, 9, 30, 0, TimeSpan.Zero);
        await using var host = await StartAsync(database, new FakeTimeProvider(later), SweepEverySecond);

        (await EventuallyAsync(() => DetailsAsync(host, id), a => a.GetProperty("status").GetString() == "Expired"))
            .GetProperty("endedOn").GetString().ShouldBe("2025-06-30");
        var expired = (await LifecycleAsync(host, id)).Last();
        expired.GetProperty("type").GetString().ShouldBe("AgreementExpired");
        expired.GetProperty("knownAt").GetDateTimeOffset().ShouldBe(later);
        expired.GetProperty("source").GetString().ShouldBe(Deadline.Source);
    }

    [Fact]
    public async Task a_termination_recorded_ahead_of_its_date_that_no_message_covers_takes_effect_by_the_sweep()
    {
        var database = await app.Postgres.CreateDatabaseAsync();
        var recording = new FakeTimeProvider(new DateTimeOffset(2025, 6, 10, 12, 0, 0, TimeSpan.Zero));
        Guid id;
        await using (var before = await StartAsync(database, recording, Off))
        {
            id = await SignedAsync(before, recording, expiresOn: "2028-06-30");
            await PostAsync(before, recording, $"/api/agreements/{id}/terminate", new { effectiveOn = "2025-09-01", initiatedBy = "Agency", reason = "County board vote" });
        }

        (await Sql.CountAsync(database, $"{ScheduledSql}'%ScheduledChangeDue%'")).ShouldBe(0);
        var later = new DateTimeOffset(2025, 9, 3, 8, 0, 0, TimeSpan.Zero);
        await using var host = await StartAsync(database, new FakeTimeProvider(later), SweepEverySecond);

        (await EventuallyAsync(() => DetailsAsync(host, id), a => a.GetProperty("status").GetString() == "Terminated"))
            .GetProperty("endedOn").GetString().ShouldBe("2025-09-01");
        var tookEffect = (await LifecycleAsync(host, id)).Last();
        tookEffect.GetProperty("type").GetString().ShouldBe(nameof(ScheduledChangeTookEffect));
        tookEffect.GetProperty("knownAt").GetDateTimeOffset().ShouldBe(later);
        tookEffect.GetProperty("source").GetString().ShouldBe(Deadline.Source);
    }

    [Fact]
    public async Task a_reminder_that_no_message_covers_is_issued_by_the_sweep_once()
    {
        var database = await app.Postgres.CreateDatabaseAsync();
        var signing = new FakeTimeProvider(new DateTimeOffset(2025, 6, 10, 12, 0, 0, TimeSpan.Zero));
        Guid id;
        await using (var before = await StartAsync(database, signing, Off))
        {
            id = await SignedAsync(before, signing, expiresOn: "2025-12-31");
        }

        var later = new DateTimeOffset(2025, 10, 15, 9, 30, 0, TimeSpan.Zero);
        await using var host = await StartAsync(database, new FakeTimeProvider(later), SweepEverySecond);

        var reminded = await EventuallyAsync(() => LifecycleAsync(host, id), events => events.Any(e => e.GetProperty("type").GetString() == nameof(ExpiryReminderIssued)));

        // Several sweeps later, still one reminder.
        await Task.Delay(TimeSpan.FromSeconds(4));
        var events = await LifecycleAsync(host, id);
        events.Length.ShouldBe(reminded.Length);
        var reminder = events.Single(e => e.GetProperty("type").GetString() == nameof(ExpiryReminderIssued));
        reminder.GetProperty("data").GetProperty("withinDays").GetInt32().ShouldBe(90);
        reminder.GetProperty("data").GetProperty("expiresOn").GetString().ShouldBe("2025-12-31");
        reminder.GetProperty("on").GetString().ShouldBe("2025-10-15");
        (await DetailsAsync(host, id)).GetProperty("status").GetString().ShouldBe("Active");
    }

    [Fact]
    public async Task starting_again_or_on_a_second_node_does_not_start_another_chain_of_sweeps()
    {
        var database = await app.Postgres.CreateDatabaseAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 6, 10, 12, 0, 0, TimeSpan.Zero));
        await using (var first = await StartAsync(database, clock))
        {
            await EventuallyAsync(() => Sql.CountAsync(database, ScheduledSweeps), count => count == 1);
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
