using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EventSourcedAgreements.Development;

/// <summary>
/// A newcomer's database: in Development, when no <c>ConnectionStrings:Postgres</c> is configured, a PostgreSQL cluster
/// in <c>.local/postgres</c> under the project, started (or found running) before the host is built, its connection
/// string put in the configuration, and stopped when the process ends if this process is responsible for it: it started
/// it, or found it left running by a process that ended without stopping it (<see cref="ServerResponsibility"/>).
/// </summary>
public static partial class LocalDatabase
{
    public const string ConnectionStringKey = "ConnectionStrings:Postgres";

    /// <summary>The cluster, or null when a connection string is configured; dispose it when the process ends.</summary>
    public static async Task<IAsyncDisposable?> StartUnlessConfiguredAsync(IHostApplicationBuilder builder, CancellationToken cancellationToken = default)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration[ConnectionStringKey]))
        {
            return null;
        }

        var binaries = LocalPostgres.FindBinaries() ?? throw new InvalidOperationException(
            $"No database configured and no PostgreSQL server binaries (initdb, pg_ctl) found on PATH or under /usr/lib/postgresql. " +
            $"Either install them (Debian/Ubuntu: apt-get install -y postgresql), run 'docker compose up -d postgres' and set " +
            $"ConnectionStrings__Postgres=\"Host=localhost;Port=5432;Username=agreements;Password=agreements;Database=agreements\", " +
            $"or point ConnectionStrings__Postgres at any PostgreSQL 15+ server.");
        var dataDirectory = Path.Combine(builder.Environment.ContentRootPath, ".local", "postgres");
        var local = await LocalPostgres.StartAsync(binaries, dataDirectory, deleteOnDispose: false, cancellationToken);
        builder.Configuration[ConnectionStringKey] = local.ConnectionString;

        // The host's logging does not exist yet: the console, as the host logs by default.
        var loggers = LoggerFactory.Create(logging => logging.AddConsole());
        var logger = loggers.CreateLogger(typeof(LocalDatabase).FullName!);
        switch (local.Responsibility)
        {
            case ServerResponsibility.Started:
                Started(logger, binaries, local.Port, dataDirectory);
                break;
            case ServerResponsibility.TakenOver:
                TakenOver(logger, local.Port, dataDirectory, local.FoundOwner is { } owner ? $"process {owner}" : "a process that recorded itself nowhere");
                break;
            default:
                FoundRunning(logger, local.Port, dataDirectory, local.FoundOwner ?? 0);
                break;
        }

        return new Stopping(local, loggers, logger);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No ConnectionStrings:Postgres configured: started a local PostgreSQL from {Binaries} on port {Port}, data in {DataDirectory}; stopped when this process stops")]
    private static partial void Started(ILogger logger, string binaries, int port, string dataDirectory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No ConnectionStrings:Postgres configured: found the local PostgreSQL on port {Port}, data in {DataDirectory}, left running by {Owner}, which ended without stopping it; using it, and stopping it when this process stops")]
    private static partial void TakenOver(ILogger logger, int port, string dataDirectory, string owner);

    [LoggerMessage(Level = LogLevel.Information, Message = "No ConnectionStrings:Postgres configured: using the local PostgreSQL on port {Port}, data in {DataDirectory}, that process {Owner} started and stops (left running at exit)")]
    private static partial void FoundRunning(ILogger logger, int port, string dataDirectory, int owner);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping the local PostgreSQL on port {Port}")]
    private static partial void Stopped(ILogger logger, int port);

    private sealed class Stopping(LocalPostgres local, ILoggerFactory loggers, ILogger logger) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (local.StopsServer)
            {
                Stopped(logger, local.Port);
            }

            await local.DisposeAsync();
            loggers.Dispose();
        }
    }
}
