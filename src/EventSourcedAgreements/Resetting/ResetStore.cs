using System.Globalization;
using EventSourcedAgreements.Auditing;
using EventSourcedAgreements.Hosting;
using Marten;
using Npgsql;

namespace EventSourcedAgreements.Resetting;

/// <summary>What a reset did, or why it refused; <see cref="Message"/> says it in a sentence for the command line.</summary>
public sealed record ResetOutcome(bool Reset, string Message);

/// <summary>
/// Empties a Development store so that the next start finds it as on a first run. It drops the store's schemas (Marten's
/// events, documents and projections, the participation tables, the idempotency keys, Wolverine's messages and nodes,
/// the hash chain) and applies them again, empty, as <c>db-apply</c> does. A drop rather than Marten's reset: the hash
/// chain's triggers refuse DELETE and TRUNCATE on the events and audit tables unless a session turns on
/// <c>agreements.allow_purge</c>, a switch left to test databases; a drop fires no such trigger, leaves no table of the
/// store behind (those a later version adds too), and restarts every sequence. Outside Development it refuses and
/// touches nothing.
/// </summary>
public static class ResetStore
{
    public static async Task<ResetOutcome> RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var environment = services.GetRequiredService<IHostEnvironment>();
        if (!environment.IsDevelopment())
        {
            return new ResetOutcome(false, $"reset empties the store and runs in Development only; this is {environment.EnvironmentName}: nothing was changed.");
        }

        var databases = await StoreSchema.DatabasesAsync(services);
        var schemas = databases.SelectMany(d => d.AllSchemaNames())
            .Where(schema => !string.Equals(schema, "public", StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal)
            .ToArray();
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        var eventsSchema = services.GetRequiredService<IDocumentStore>().Options.Events.DatabaseSchemaName;
        string? held;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            held = await DescribeAsync(connection, eventsSchema, cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            foreach (var schema in schemas)
            {
                await using var drop = new NpgsqlCommand($"drop schema if exists {schema} cascade", connection, transaction);
                await drop.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        foreach (var database in databases)
        {
            await database.ApplyAllConfiguredChangesToDatabaseAsync(ct: cancellationToken);
        }

        var where = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        var names = $"the schema{(schemas.Length == 1 ? "" : "s")} {string.Join(", ", schemas)}";
        return new ResetOutcome(
            true,
            $"Reset the Development store in database '{where.Database}' on {where.Host}:{where.Port}: "
            + (held is { } found ? $"dropped {names} ({found}) and created {(schemas.Length == 1 ? "it" : "them")} again, empty. " : $"there was no store yet; created {names}, empty. ")
            + "The next start in Development begins on it as on a first run (and imports the lists it ships with, unless FirstRun:Import is false).");
    }

    /// <summary>What the store holds, or null when it has no events table yet.</summary>
    private static async Task<string?> DescribeAsync(NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"select to_regclass('{schema}.mt_events') is not null and to_regclass('{schema}.{TamperEvidence.AnchorsTable}') is not null",
            connection);
        if (await command.ExecuteScalarAsync(cancellationToken) is not true)
        {
            return null;
        }

        command.CommandText =
            $"select (select count(*) from {schema}.mt_events e where not {TamperEvidence.IsTombstone("e")}), (select count(*) from {schema}.{TamperEvidence.AnchorsTable})";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return $"{Count(reader.GetInt64(0), "event")}, {Count(reader.GetInt64(1), "anchor")}";
    }

    private static string Count(long count, string noun) => string.Create(CultureInfo.InvariantCulture, $"{count:N0} {noun}{(count == 1 ? "" : "s")}");
}
