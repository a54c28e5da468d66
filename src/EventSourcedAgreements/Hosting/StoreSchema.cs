using Marten;
using Weasel.Core.Migrations;

namespace EventSourcedAgreements.Hosting;

/// <summary>
/// Who changes the database's schema. In Development the service applies it when it starts, so a fresh local database
/// just works. In every other environment (the Critter Stack's Production profile, <c>AutoCreate.None</c>) only
/// <c>db-apply</c> changes it: several nodes starting at once must not race each other's DDL, nor lock the events
/// table, and the account the service runs with need not own the schema. A node started on a database that does not
/// match this version refuses to start and names the fix.
/// </summary>
public static partial class StoreSchema
{
    public const string Fix =
        "Apply the schema first: `dotnet EventSourcedAgreements.dll db-apply` (or `dotnet run --project src/EventSourcedAgreements -- db-apply`) " +
        "with the same environment and connection string, or review `db-patch` output (docs/operations.md, Migrate).";

    public static bool AppliedAtStart(IHostEnvironment environment) => environment.IsDevelopment();

    /// <summary>Outside Development: compares every database of the service with its configuration before anything else starts.</summary>
    public static IServiceCollection AddStoreSchemaCheck(this IServiceCollection services)
    {
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, Check>());
        return services;
    }

    /// <summary>For commands that use the store without starting the host: in Development applies the store's schema, elsewhere checks it.</summary>
    public static async Task PrepareAsync(IHost host, CancellationToken cancellationToken)
    {
        if (AppliedAtStart(host.Services.GetRequiredService<IHostEnvironment>()))
        {
            await host.Services.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            return;
        }

        await AssertAsync(host.Services, cancellationToken);
    }

    /// <summary>What <c>db-assert</c> checks: every database registered with the service (Marten's store, Wolverine's message store).</summary>
    public static async Task AssertAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        foreach (var database in await DatabasesAsync(services))
        {
            try
            {
                await database.AssertDatabaseMatchesConfigurationAsync(cancellationToken);
            }
            catch (DatabaseValidationException difference)
            {
                throw new SchemaNotAppliedException(
                    $"The database '{database.Id}' does not match this version of the service, which does not change the schema when it starts outside Development. {Fix}",
                    difference);
            }
        }
    }

    /// <summary>Every database registered with the service: Marten's store and Wolverine's message store.</summary>
    public static async Task<IReadOnlyList<IDatabase>> DatabasesAsync(IServiceProvider services)
    {
        var databases = services.GetServices<IDatabase>().ToList();
        foreach (var source in services.GetServices<IDatabaseSource>())
        {
            databases.AddRange(await source.BuildDatabases());
        }

        return databases;
    }

    [LoggerMessage(LogLevel.Critical, "{Problem}")]
    private static partial void NotApplied(ILogger logger, string problem, Exception difference);

    private sealed class Check(IServiceProvider services, ILogger<Check> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            try
            {
                await AssertAsync(services, cancellationToken);
            }
            catch (SchemaNotAppliedException problem)
            {
                NotApplied(logger, problem.Message, problem.InnerException!);
                throw;
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

public sealed class SchemaNotAppliedException(string message, Exception difference) : Exception(message, difference);
