using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace EventSourcedAgreements.Development;

/// <summary>
/// A PostgreSQL cluster run from the server binaries on this machine, for development and tests only. The process that
/// starts the server records itself in <c>DIRECTORY.owner</c> beside the data directory and stops it when it is
/// disposed; another process finding it running uses it and leaves it to that owner while the owner lives, and takes
/// it over (stopping it when disposed) when the owner ended without stopping it (a crash, <c>kill -9</c>).
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

    /// <summary>Who stops the server, and why.</summary>
    public ServerResponsibility Responsibility { get; private set; }

    /// <summary>The process recorded as the server's owner when it was found running (null when none was recorded).</summary>
    public int? FoundOwner { get; private set; }

    /// <summary>Whether disposing this stops the server: it started it, or took it over from an owner that had ended.</summary>
    public bool StopsServer => Responsibility is ServerResponsibility.Started or ServerResponsibility.TakenOver;

    private string OwnerFile => dataDirectory + ".owner";

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
            var owner = ServerOwner.Read(OwnerFile);
            FoundOwner = owner?.ProcessId;
            if (owner is not null && owner.IsRunning())
            {
                Responsibility = ServerResponsibility.Shared;
                return;
            }

            Responsibility = ServerResponsibility.TakenOver;
            ServerOwner.Current().Write(OwnerFile);
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
        Responsibility = ServerResponsibility.Started;
        ServerOwner.Current().Write(OwnerFile);
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
        if (!StopsServer)
        {
            return;
        }

        if (File.Exists(Path.Combine(dataDirectory, "postmaster.pid")))
        {
            await RunAsync("pg_ctl", ["stop", "-D", dataDirectory, "-m", "immediate", "-w"], CancellationToken.None);
        }

        File.Delete(OwnerFile);
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

/// <summary>Who stops a <see cref="LocalPostgres"/> server.</summary>
public enum ServerResponsibility
{
    /// <summary>This process started it and stops it.</summary>
    Started,

    /// <summary>Found running, left by an owner that ended without stopping it: this process stops it.</summary>
    TakenOver,

    /// <summary>Found running, started by a process still running, which stops it.</summary>
    Shared,
}

/// <summary>The process responsible for a server: its id and start time (a later process may get the same id).</summary>
internal sealed record ServerOwner(int ProcessId, DateTime StartedAtUtc)
{
    public static ServerOwner Current()
    {
        using var current = Process.GetCurrentProcess();
        return new ServerOwner(current.Id, current.StartTime.ToUniversalTime());
    }

    public static ServerOwner? Read(string file)
    {
        var fields = File.Exists(file) ? File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
        return fields.Length == 2
            && int.TryParse(fields[0], System.Globalization.CultureInfo.InvariantCulture, out var processId)
            && long.TryParse(fields[1], System.Globalization.CultureInfo.InvariantCulture, out var ticks)
                ? new ServerOwner(processId, new DateTime(ticks, DateTimeKind.Utc))
                : null;
    }

    public void Write(string file) =>
        File.WriteAllText(file, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{ProcessId} {StartedAtUtc.Ticks}"));

    public bool IsRunning()
    {
        try
        {
            using var process = Process.GetProcessById(ProcessId);
            return !process.HasExited && (process.StartTime.ToUniversalTime() - StartedAtUtc).Duration() < TimeSpan.FromSeconds(1);
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
