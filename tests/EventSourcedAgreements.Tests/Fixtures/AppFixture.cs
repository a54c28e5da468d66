using Alba;
using EventSourcedAgreements.Auditing;
using EventSourcedAgreements.Security;
using JasperFx;
using JasperFx.CommandLine;
using Marten;
using Marten.Events.Daemon.Coordination;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wolverine;

namespace EventSourcedAgreements.Tests.Fixtures;

public sealed class AppFixture : IAsyncLifetime
{
    public PostgresServer Postgres { get; private set; } = null!;

    public IAlbaHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        JasperFxEnvironment.AutoStartHost = true;
        Postgres = await PostgresServer.StartAsync();
        try
        {
            Host = await StartHostAsync(Postgres.ConnectionString);
        }
        catch
        {
            // xunit does not dispose a fixture whose start failed: the database would outlive the test run.
            await Postgres.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The service in Development on <paramref name="connectionString"/>, Wolverine in solo mode, without the first-run
    /// import and without a write limit, unless <paramref name="settings"/> say otherwise.
    /// </summary>
    public static Task<IAlbaHost> StartHostAsync(string connectionString, params (string Key, string Value)[] settings) =>
        AlbaHost.For<Program>(builder => ConfigureForTests(builder, connectionString, settings));

    /// <summary>Development on <paramref name="connectionString"/>, solo Wolverine, no first-run import, write limit, expiry deadlines or webhook deliveries unless <paramref name="settings"/> say otherwise.</summary>
    public static void ConfigureForTests(IWebHostBuilder builder, string connectionString, (string Key, string Value)[] settings)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Postgres", connectionString);
        builder.UseSetting("FirstRun:Import", "false");
        builder.UseSetting("Guards:WritesPerMinute", "1000000");

        // Tests sign with expiry dates long past: the deadlines would expire them moments later, under the tests' feet.
        builder.UseSetting(EventSourcedAgreements.Deadlines.DeadlineSettings.EnabledSetting, "false");

        // Subscriptions registered by one test would otherwise receive every other test's events.
        builder.UseSetting(EventSourcedAgreements.Webhooks.WebhookSettings.EnabledSetting, "false");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.RunWolverineInSoloMode());
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Postgres.DisposeAsync();
    }

    /// <summary>
    /// Empties the store before each test: Marten's own reset (its documents and events, their sequence), then the
    /// tables the features add to the store (<see cref="FeatureTablesAsync"/>), with Marten's asynchronous projections
    /// paused throughout so that none writes meanwhile. The events go first: there Marten waits for the tombstones a
    /// failed append queues in the background, which the documents step of its reset (truncating every <c>mt_</c> table,
    /// the events among them) does not wait for.
    /// </summary>
    public async Task ResetAsync()
    {
        var store = Host.Services.GetRequiredService<IDocumentStore>();
        var projections = Host.Services.GetService<IProjectionCoordinator>();
        if (projections is not null)
        {
            await projections.PauseAsync();
        }

        try
        {
            await store.Advanced.Clean.DeleteAllEventDataAsync();
            await store.Advanced.ResetAllData();
            await using var session = store.LightweightSession();
            session.QueueSqlCommand($"truncate {string.Join(", ", await FeatureTablesAsync())}");
            await session.SaveChangesAsync();
        }
        finally
        {
            if (projections is not null)
            {
                await projections.ResumeAsync();
            }
        }

        if (projections is not null)
        {
            await RunningFromTheStartAsync(projections);
        }
    }

    /// <summary>
    /// Makes sure every asynchronous projection and subscription runs again from the emptied store. Wolverine, which
    /// runs them, may start an agent of its own accord (its assignment check) while the reset holds them paused: such
    /// an agent keeps the position it read before the events were deleted, ahead of every event the next test appends,
    /// and skips them (seen once in CI: the officers' subscription silent for a minute after an agreement ended). An
    /// agent ahead of the store's last event, or not running, and a high water mark ahead of it, are started again.
    /// </summary>
    private async Task RunningFromTheStartAsync(IProjectionCoordinator projections)
    {
        var schema = Host.Services.GetRequiredService<IDocumentStore>().Options.Events.DatabaseSchemaName;
        for (var attempt = 1; ; attempt++)
        {
            var last = await CountAsync($"select coalesce(max(seq_id), 0) from {schema}.mt_events");
            var astray = new List<string>();
            foreach (var daemon in await projections.AllDaemonsAsync())
            {
                if (daemon.HighWaterMark() > last)
                {
                    astray.Add($"high water mark {daemon.HighWaterMark()}");
                    await daemon.RestartHighWaterAgentAsync(CancellationToken.None);
                }

                foreach (var agent in daemon.CurrentAgents().Where(a => a.Position > last || a.Status != AgentStatus.Running))
                {
                    astray.Add($"{agent.Name.Identity} {agent.Status} at {agent.Position}");
                    await daemon.StopAgentAsync(agent.Name);
                    // An agent that ran on after the reset may have stored its old position again: started, it would read it back.
                    await Sql.ExecuteAsync(Postgres.ConnectionString, $"update {schema}.mt_event_progression set last_seq_id = 0 where name = '{agent.Name.Identity}' and last_seq_id > {last}");
                    await daemon.StartAgentAsync(agent.Name, CancellationToken.None);
                }
            }

            if (astray.Count == 0)
            {
                return;
            }

            if (attempt == 5)
            {
                throw new InvalidOperationException($"After the reset, the store's last event is {last}, yet: {string.Join("; ", astray)}.");
            }
        }
    }

    private string[]? featureTables;

    /// <summary>
    /// The tables the features add to the store's schema (the participation periods and changes, the hash chain, the
    /// idempotency keys…): every table a schema object of the store names, as PostgreSQL knows it, except Marten's own
    /// (<c>mt_</c>, emptied by its reset) and Wolverine's (its messages and nodes, which the running host uses).
    /// </summary>
    private async Task<string[]> FeatureTablesAsync()
    {
        if (featureTables is null)
        {
            var names = Host.Services.GetRequiredService<IDocumentStore>().Storage.AllObjects()
                .SelectMany(schemaObject => schemaObject.AllNames())
                .Where(name => !name.Name.StartsWith("mt_", StringComparison.Ordinal) && !name.Name.StartsWith("wolverine", StringComparison.Ordinal))
                .Select(name => name.QualifiedName)
                .Distinct()
                .ToArray();
            await using var connection = new Npgsql.NpgsqlConnection(Postgres.ConnectionString);
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand(
                "select c.oid::regclass::text from unnest(@names) name join pg_class c on c.oid = to_regclass(name) where c.relkind in ('r', 'p') order by 1",
                connection);
            command.Parameters.AddWithValue("names", names);
            var tables = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    tables.Add(reader.GetString(0));
                }
            }

            featureTables = [.. tables];
        }

        return featureTables;
    }

    /// <summary>Where each asynchronous projection and subscription stands against the store's last event: for the message of a test that waited on one in vain.</summary>
    public async Task<string> ProjectionsAsync()
    {
        var schema = Host.Services.GetRequiredService<IDocumentStore>().Options.Events.DatabaseSchemaName;
        var parts = new List<string> { $"last event {await CountAsync($"select coalesce(max(seq_id), 0) from {schema}.mt_events")}" };
        foreach (var daemon in await Host.Services.GetRequiredService<IProjectionCoordinator>().AllDaemonsAsync())
        {
            parts.Add($"high water mark {daemon.HighWaterMark()}");
            parts.AddRange(daemon.CurrentAgents().Select(a => $"{a.Name.Identity} {a.Status} at {a.Position}{(a.PausedTime is { } paused ? $", paused at {paused:O}" : "")}"));
        }

        return string.Join("; ", parts);
    }

    /// <summary>One number from SQL, on a connection of the test's own.</summary>
    public Task<long> CountAsync(string sql) => Sql.CountAsync(Postgres.ConnectionString, sql);

    /// <summary>The rows of the events table; Marten's tombstones (the empty rows it writes after a failed append) are not events.</summary>
    public Task<long> CountEventsAsync() =>
        CountAsync($"select count(*) from {Host.Services.GetRequiredService<IDocumentStore>().Options.Events.DatabaseSchemaName}.mt_events e where not {TamperEvidence.IsTombstone("e")}");

    public string TokenFor(string role, string? agencyId = null, string? name = null) =>
        TokenIssuer.Issue(
            Host.Services.GetRequiredService<IOptions<AuthSettings>>().Value,
            role,
            name ?? $"{role} in tests",
            agencyId,
            DateTimeOffset.UtcNow,
            TimeSpan.FromHours(1));
}

[CollectionDefinition(Name)]
public sealed class AppFixtureDefinition : ICollectionFixture<AppFixture>
{
    public const string Name = "app";
}
