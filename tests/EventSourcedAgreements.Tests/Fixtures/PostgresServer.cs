using DotNet.Testcontainers.Builders;
using EventSourcedAgreements.Development;
using Npgsql;
using Testcontainers.PostgreSql;

namespace EventSourcedAgreements.Tests.Fixtures;

/// <summary>
/// The PostgreSQL server the tests run against, in this order: the <c>AGREEMENTS_TEST_POSTGRES</c> connection string,
/// a Testcontainers container when a Docker engine answers, a throwaway cluster from the local PostgreSQL binaries.
/// Each run gets a database of its own on that server.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string ConnectionStringVariable = "AGREEMENTS_TEST_POSTGRES";

    private readonly IAsyncDisposable? owned;
    private readonly string serverConnectionString;
    private readonly List<string> extraDatabases = [];

    private PostgresServer(string serverConnectionString, string source, IAsyncDisposable? owned)
    {
        this.serverConnectionString = serverConnectionString;
        this.owned = owned;
        Source = source;
        DatabaseName = $"agreements_tests_{Guid.NewGuid():N}";
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = DatabaseName, Pooling = true, IncludeErrorDetail = true }.ConnectionString;
    }

    public string Source { get; }

    public string DatabaseName { get; }

    public string ConnectionString { get; }

    public static async Task<PostgresServer> StartAsync()
    {
        var server = await FromEnvironment() ?? await FromTestcontainers() ?? await FromLocalBinaries();
        await server.ExecuteOnServerAsync($"create database {server.DatabaseName}");
        await server.ExecuteOnServerAsync(AllowPurge(server.DatabaseName));
        return server;
    }

    /// <summary>
    /// Another empty database on the same server, dropped with the run's own; without <paramref name="allowPurge"/> the
    /// audit tables refuse a purge, as on a developer's or a production database.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(bool allowPurge = true)
    {
        var name = $"{DatabaseName}_{extraDatabases.Count + 1}";
        await ExecuteOnServerAsync($"create database {name}");
        if (allowPurge)
        {
            await ExecuteOnServerAsync(AllowPurge(name));
        }

        extraDatabases.Add(name);
        return new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        foreach (var extra in extraDatabases)
        {
            await ExecuteOnServerAsync($"drop database if exists {extra} with (force)");
        }

        await ExecuteOnServerAsync($"drop database if exists {DatabaseName} with (force)");
        if (owned is not null)
        {
            await owned.DisposeAsync();
        }
    }

    /// <summary>Test databases let Marten's resets truncate the append-only events table.</summary>
    private static string AllowPurge(string database) =>
        $"alter database {database} set {EventSourcedAgreements.Auditing.TamperEvidence.PurgeSetting} = 'on'";

    private async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static Task<PostgresServer?> FromEnvironment()
    {
        var configured = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        return Task.FromResult(string.IsNullOrWhiteSpace(configured)
            ? null
            : new PostgresServer(configured, ConnectionStringVariable, owned: null));
    }

    private static async Task<PostgresServer?> FromTestcontainers()
    {
        try
        {
            var container = new PostgreSqlBuilder("postgres:15-alpine").Build();
            await container.StartAsync();
            return new PostgresServer(container.GetConnectionString(), "Testcontainers", container);
        }
        catch (DockerUnavailableException)
        {
            return null;
        }
    }

    private static async Task<PostgresServer> FromLocalBinaries()
    {
        var binaries = LocalPostgres.FindBinaries() ?? throw new InvalidOperationException(
            $"No PostgreSQL for the tests: set {ConnectionStringVariable} to a connection string, start a Docker engine, " +
            "or install the PostgreSQL server binaries (apt-get install -y postgresql).");
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"agreements-tests-{Guid.NewGuid():N}");
        var local = await LocalPostgres.StartAsync(binaries, dataDirectory, deleteOnDispose: true, CancellationToken.None);
        return new PostgresServer(local.ConnectionString, $"local cluster from {binaries}", local);
    }
}
