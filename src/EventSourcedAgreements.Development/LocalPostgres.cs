using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace EventSourcedAgreements.Development;

/// <summary>
/// A PostgreSQL cluster run from the server binaries on this machine, for development and tests only.
/// </summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    private const string OsUser = "postgres";
    private readonly string binDirectory;
    private readonly string dataDirectory;
    private readonly bool deleteOnDispose;
    private readonly bool fsync;
    private readonly IReadOnlyList<string> settings;

    private LocalPostgres(string binDirectory, string dataDirectory, bool deleteOnDispose, bool fsync, IReadOnlyList<string> settings)
    {
        this.settings = settings;
        this.binDirectory = binDirectory;
        this.dataDirectory = Path.GetFullPath(dataDirectory);
        this.deleteOnDispose = deleteOnDispose;
        this.fsync = fsync;
    }

    public int Port { get; private set; }

    /// <summary>False when the cluster was already running, started by another process that will stop it.</summary>
    public bool StartedHere { get; private set; }

    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = OsUser,
        Database = OsUser,
    }.ConnectionString;

    public static string? FindBinaries()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql")
                    .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var major) ? major : 0)
                    .Select(d => Path.Combine(d, "bin"))
                : []);
        return candidates.FirstOrDefault(dir =>
            File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")));
    }

    /// <summary>Starts (creating if needed) the cluster in <paramref name="dataDirectory"/>, or reuses it when it already runs.</summary>
    /// <remarks>A throwaway cluster (<paramref name="deleteOnDispose"/>) runs with <c>fsync=off</c>.</remarks>
    public static Task<LocalPostgres> StartAsync(string binDirectory, string dataDirectory, bool deleteOnDispose, CancellationToken cancellationToken) =>
        StartAsync(binDirectory, dataDirectory, deleteOnDispose, fsync: !deleteOnDispose, settings: [], cancellationToken);

    /// <summary>
    /// Starts (creating if needed) the cluster in <paramref name="dataDirectory"/>, or reuses it when it already runs;
    /// <paramref name="fsync"/> says whether commits wait for the disk (benchmarks measure with it on, as production runs);
    /// <paramref name="settings"/> are more server settings (<c>name=value</c>).
    /// </summary>
    public static async Task<LocalPostgres> StartAsync(string binDirectory, string dataDirectory, bool deleteOnDispose, bool fsync, IReadOnlyList<string> settings, CancellationToken cancellationToken)
    {
        var postgres = new LocalPostgres(binDirectory, dataDirectory, deleteOnDispose, fsync, settings);
        await postgres.StartAsync(cancellationToken);
        return postgres;
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            await InitializeAsync(cancellationToken);
        }

        var runningPort = RunningPort();
        if (runningPort is { } port && await AnswersAsync(port, cancellationToken))
        {
            Port = port;
            return;
        }

        Port = FreePort();
        await RestartAsync(cancellationToken);
    }

    /// <summary>Starts the server again on the port it had (after <see cref="CrashAsync"/>: crash recovery runs first).</summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        var logFile = Path.Combine(dataDirectory, "server.log");
        var socketDirectory = Quote(Path.GetTempPath().TrimEnd(Path.DirectorySeparatorChar));
        var options = $"-p {Port} -c listen_addresses=127.0.0.1 -k {socketDirectory} -c max_connections=200" + (fsync ? string.Empty : " -c fsync=off") + string.Concat(settings.Select(setting => $" -c {setting}"));
        await RunAsync("pg_ctl", ["start", "-w", "-t", "60", "-D", dataDirectory, "-l", logFile, "-o", options], cancellationToken);
        StartedHere = true;
    }

    /// <summary>Stops the server the way a crash would: no shutdown checkpoint, connections cut (fault tests).</summary>
    public Task CrashAsync(CancellationToken cancellationToken) =>
        RunAsync("pg_ctl", ["stop", "-D", dataDirectory, "-m", "immediate", "-w"], cancellationToken);

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dataDirectory);
        if (RunsAsRoot)
        {
            await RunProcessAsync("chown", [$"{OsUser}:{OsUser}", dataDirectory], cancellationToken);
        }

        await RunAsync(
            "initdb",
            ["-D", dataDirectory, "-U", OsUser, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"],
            cancellationToken);
    }

    private int? RunningPort()
    {
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return null;
        }

        var lines = File.ReadAllLines(pidFile);
        return lines.Length > 3 && int.TryParse(lines[3], out var port) ? port : null;
    }

    private static async Task<bool> AnswersAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!StartedHere || !File.Exists(Path.Combine(dataDirectory, "postmaster.pid")))
        {
            return;
        }

        await RunAsync("pg_ctl", ["stop", "-D", dataDirectory, "-m", "immediate", "-w"], CancellationToken.None);
        if (deleteOnDispose)
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private Task<string> RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunToolAsync(binDirectory, tool, arguments, cancellationToken);

    /// <summary>
    /// Runs a program of a PostgreSQL installation (<c>initdb</c>, <c>pg_ctl</c>, <c>pgbench</c>) and returns what it
    /// printed; as the <c>postgres</c> OS user when this process is root, since the server refuses to run as root.
    /// </summary>
    public static Task<string> RunToolAsync(string binDirectory, string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var executable = Path.Combine(binDirectory, tool);
        return RunsAsRoot
            ? RunProcessAsync("runuser", ["-u", OsUser, "--", executable, .. arguments], cancellationToken)
            : RunProcessAsync(executable, arguments, cancellationToken);
    }

    private static async Task<string> RunProcessAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{fileName} {string.Join(' ', arguments)}' exited with {process.ExitCode}: {await error}{await output}");
        }

        return await output + await error;
    }

    private static bool RunsAsRoot => Environment.UserName == "root";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Quote(string path) => path.Contains(' ', StringComparison.Ordinal) ? $"\"{path}\"" : path;
}
