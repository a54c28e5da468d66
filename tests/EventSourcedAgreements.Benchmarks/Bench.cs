using EventSourcedAgreements.Development;
using EventSourcedAgreements.Hosting;
using Npgsql;

namespace EventSourcedAgreements.Benchmarks;

/// <summary>
/// What every workload shares: one PostgreSQL server with production durability (fsync on), started from the server
/// binaries for this run only, and the Release build of the service. Baselines and the service are measured against
/// this same server, side by side, in the same run.
/// </summary>
public sealed class Bench : IAsyncDisposable
{
    /// <summary>A PostgreSQL server to measure against instead of one started for the run (a superuser connection string).</summary>
    public const string ServerVariable = "AGREEMENTS_BENCH_POSTGRES";

    private readonly LocalPostgres? started;

    private Bench(LocalPostgres? started, string serverConnectionString, string repository, string binDirectory, BenchOptions options)
    {
        this.started = started;
        ServerConnectionString = serverConnectionString;
        Repository = repository;
        BinDirectory = binDirectory;
        Options = options;
    }

    public string Repository { get; }

    public string BinDirectory { get; }

    public BenchOptions Options { get; }

    public string ServerConnectionString { get; }

    /// <summary>The service as the <c>run</c> script publishes it: Release, ReadyToRun, as a deployment would.</summary>
    public string ServiceAssembly => Path.Combine(Repository, "tests", "EventSourcedAgreements.Benchmarks", "bin", "service", "EventSourcedAgreements.dll");

    public static async Task<Bench> StartAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        var repository = FindRepository();
        var binaries = LocalPostgres.FindBinaries() ?? throw new InvalidOperationException("PostgreSQL server binaries (initdb, pg_ctl) not found.");
        if (Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } server)
        {
            return new Bench(null, server, repository, binaries, options);
        }

        var data = Path.Combine(Path.GetTempPath(), $"esa-bench-{Environment.ProcessId}");
        var postgres = await LocalPostgres.StartAsync(binaries, data, deleteOnDispose: true, fsync: true, settings: ["shared_preload_libraries=pg_stat_statements"], cancellationToken);
        return new Bench(postgres, postgres.ConnectionString, repository, binaries, options);
    }

    /// <summary>A fresh, empty database on the benchmark server.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken)
    {
        await using var server = NpgsqlDataSource.Create(ServerConnectionString);
        await using (var drop = server.CreateCommand($"drop database if exists {name} with (force)"))
        {
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var create = server.CreateCommand($"create database {name}"))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name, MaxPoolSize = 100 }.ConnectionString;
    }

    /// <summary>The events recorded in a database of the service (Marten's tombstones aside).</summary>
    public static async Task<long> CountEventsAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var database = NpgsqlDataSource.Create(connectionString);
        await using var command = database.CreateCommand($"select count(*) from {EventStoreFeature.Schema}.mt_events where type <> 'tombstone'");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<string> ServerVersionAsync(CancellationToken cancellationToken)
    {
        await using var server = NpgsqlDataSource.Create(ServerConnectionString);
        await using var command = server.CreateCommand("select version()");
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyDictionary<string, string>> ServerSettingsAsync(CancellationToken cancellationToken)
    {
        await using var server = NpgsqlDataSource.Create(ServerConnectionString);
        await using var command = server.CreateCommand(
            "select name, setting || coalesce(unit, '') from pg_settings where name in ('fsync', 'synchronous_commit', 'shared_buffers', 'wal_sync_method', 'max_connections') order by name");
        var settings = new Dictionary<string, string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            settings[reader.GetString(0)] = reader.GetString(1);
        }

        return settings;
    }

    /// <summary>Runs a program of the PostgreSQL installation (pgbench) and returns its output.</summary>
    public Task<string> RunPostgresToolAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        // The server binaries may be links (/usr/local/bin/initdb); the other programs live where they point.
        var server = new FileInfo(Path.Combine(BinDirectory, "initdb")).ResolveLinkTarget(returnFinalTarget: true)?.FullName;
        string?[] candidates = [BinDirectory, server is null ? null : Path.GetDirectoryName(server), "/usr/bin"];
        var directory = candidates.FirstOrDefault(d => d is not null && File.Exists(Path.Combine(d, tool)))
            ?? throw new InvalidOperationException($"{tool} not found next to the server binaries or in /usr/bin (apt-get install -y postgresql).");
        return LocalPostgres.RunToolAsync(directory, tool, arguments, cancellationToken);
    }

    public ValueTask DisposeAsync() => started?.DisposeAsync() ?? ValueTask.CompletedTask;

    private static string FindRepository()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EventSourcedAgreements.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Run the benchmarks from inside the repository (EventSourcedAgreements.sln not found above the program).");
    }
}
