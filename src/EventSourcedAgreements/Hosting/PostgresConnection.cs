namespace EventSourcedAgreements.Hosting;

/// <summary>
/// The database the service uses: <c>ConnectionStrings:Postgres</c> when configured; in Development without one,
/// a local cluster started from the PostgreSQL binaries on this machine.
/// </summary>
public sealed partial class PostgresConnection(IConfiguration configuration, IHostEnvironment environment, ILogger<PostgresConnection> logger) : IAsyncDisposable
{
    public const string Name = "Postgres";
    private readonly Lock gate = new();
    private string? connectionString;
    private LocalPostgres? started;

    public string ConnectionString
    {
        get
        {
            lock (gate)
            {
                return connectionString ??= Resolve(configuration, environment, logger, out started);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (started is { StartedHere: true } local)
        {
            LogStopping(logger, local.Port);
            await local.DisposeAsync();
            started = null;
        }
    }

    private static string Resolve(IConfiguration configuration, IHostEnvironment environment, ILogger logger, out LocalPostgres? started)
    {
        started = null;
        var configured = configuration.GetConnectionString(Name);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"No database configured: set ConnectionStrings:{Name} (environment variable ConnectionStrings__{Name}).");
        }

        var binaries = LocalPostgres.FindBinaries() ?? throw new InvalidOperationException(
            $"No database configured and no PostgreSQL server binaries (initdb, pg_ctl) found on PATH or under /usr/lib/postgresql. " +
            $"Either install them (Debian/Ubuntu: apt-get install -y postgresql), run 'docker compose up -d postgres' and set " +
            $"ConnectionStrings__{Name}=\"Host=localhost;Port=5432;Username=agreements;Password=agreements;Database=agreements\", " +
            $"or point ConnectionStrings__{Name} at any PostgreSQL 15+ server.");
        var dataDirectory = Path.Combine(environment.ContentRootPath, ".local", "postgres");
        started = LocalPostgres.StartAsync(binaries, dataDirectory, deleteOnDispose: false, CancellationToken.None).GetAwaiter().GetResult();
        LogStarted(logger, Name, binaries, started.Port, dataDirectory);
        return started.ConnectionString;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "No ConnectionStrings:{Name} configured: started a local PostgreSQL from {Binaries} on port {Port}, data in {DataDirectory}")]
    private static partial void LogStarted(ILogger logger, string name, string binaries, int port, string dataDirectory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping the local PostgreSQL on port {Port}")]
    private static partial void LogStopping(ILogger logger, int port);
}
