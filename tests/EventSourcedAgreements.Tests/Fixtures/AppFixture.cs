using Alba;
using EventSourcedAgreements.Auditing;
using EventSourcedAgreements.Security;
using JasperFx.CommandLine;
using Marten;
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
    /// Empties the store before each test. Marten's reset truncates tables while another connection of the host
    /// writes in the background (seen: its row lock waiting on the reset's exclusive lock and the reverse; seen too:
    /// the tombstones Marten queues after a failed append arriving in a later test's store), so PostgreSQL now and then
    /// picks the reset as a deadlock victim: it is tried again.
    /// </summary>
    public async Task ResetAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ResetOnceAsync();
                return;
            }
            catch (Exception deadlock) when (attempt < 3 && IsDeadlock(deadlock))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt));
            }
        }
    }

    private static bool IsDeadlock(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.DeadlockDetected })
            {
                return true;
            }
        }

        return false;
    }

    private async Task ResetOnceAsync()
    {
        await Host.Services.ResetAllMartenDataAsync();
        var store = Host.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.LightweightSession();
        var schema = store.Options.DatabaseSchemaName;
        session.QueueSqlCommand(
            $"truncate {schema}.{EventSourcedAgreements.Participation.ParticipationFeature.PeriodsTable}, {schema}.{EventSourcedAgreements.Participation.ParticipationFeature.ChangesTable}, "
            + $"{schema}.{TamperEvidence.HashesTable}, {schema}.{TamperEvidence.AnchorsTable}, {schema}.{EventSourcedAgreements.Idempotency.IdempotencyKeys.Table}");
        await session.SaveChangesAsync();
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
