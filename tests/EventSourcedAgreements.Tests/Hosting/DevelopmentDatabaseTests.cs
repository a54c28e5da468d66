using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using EventSourcedAgreements.Development;
using EventSourcedAgreements.Tests.Fixtures;

namespace EventSourcedAgreements.Tests.Hosting;

/// <summary>
/// The local PostgreSQL the service starts in Development when no connection string is configured, after the service
/// crashed: the built service run as processes of their own in a folder of the test's, killed and stopped as an operator would.
/// </summary>
public sealed class DevelopmentDatabaseTests : IAsyncLifetime
{
    private readonly string contentRoot = Path.Combine(Path.GetTempPath(), $"agreements-orphan-{Guid.NewGuid():N}");
    private readonly string binaries = LocalPostgres.FindBinaries() ?? throw new InvalidOperationException("These tests need the PostgreSQL server binaries (initdb, pg_ctl).");

    private string DataDirectory => Path.Combine(contentRoot, ".local", "postgres");

    [Fact]
    public async Task after_a_crash_the_next_start_takes_the_database_over_says_so_and_stops_it()
    {
        await using var crashed = await RunningService.StartAsync(contentRoot);
        var port = ServerPort();
        crashed.Output.ShouldContain($"started a local PostgreSQL from {binaries} on port {port}, data in {DataDirectory}; stopped when this process stops");

        crashed.Kill();
        (await AnswersAsync(port)).ShouldBeTrue("the server outlives the process that was killed");

        await using var next = await RunningService.StartAsync(contentRoot);
        next.Output.ShouldContain(
            $"found the local PostgreSQL on port {port}, data in {DataDirectory}, left running by process {crashed.ProcessId}, which ended without stopping it; using it, and stopping it when this process stops");
        next.Output.ShouldNotContain("started a local PostgreSQL");

        var exitCode = await next.StopAsync();

        exitCode.ShouldBe(0, next.Output);
        next.Output.ShouldContain($"Stopping the local PostgreSQL on port {port}");
        File.Exists(Path.Combine(DataDirectory, "postmaster.pid")).ShouldBeFalse();
        (await AnswersAsync(port)).ShouldBeFalse();
    }

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(contentRoot);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            await LocalPostgres.RunToolAsync(binaries, "pg_ctl", ["stop", "-D", DataDirectory, "-m", "immediate", "-w"], CancellationToken.None);
        }

        Directory.Delete(contentRoot, recursive: true);
    }

    private int ServerPort() => int.Parse(File.ReadAllLines(Path.Combine(DataDirectory, "postmaster.pid"))[3], System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<bool> AnswersAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The service in Development with no connection string, started in <c>contentRoot</c> and running until it said so.</summary>
    private sealed class RunningService : IAsyncDisposable
    {
        private readonly Process process;
        private readonly StringBuilder output = new();
        private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private RunningService(Process process) => this.process = process;

        public int ProcessId => process.Id;

        public string Output
        {
            get
            {
                lock (output)
                {
                    return output.ToString();
                }
            }
        }

        public static async Task<RunningService> StartAsync(string contentRoot)
        {
            var environment = ServiceCommandLine.Configuration("Development", connectionString: "", signingKey: new string('d', 48));
            environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
            environment["FirstRun__Import"] = "false";
            var service = new RunningService(Process.Start(ServiceCommandLine.StartInfo(environment, [], contentRoot))!);
            service.process.OutputDataReceived += (_, line) => service.Read(line.Data);
            service.process.ErrorDataReceived += (_, line) => service.Read(line.Data);
            service.process.BeginOutputReadLine();
            service.process.BeginErrorReadLine();
            var exited = service.process.WaitForExitAsync();
            var first = await Task.WhenAny(service.started.Task, exited).WaitAsync(TimeSpan.FromMinutes(3));
            first.ShouldBe(service.started.Task, $"the service exited before it started: {service.Output}");
            return service;
        }

        public void Kill() => process.Kill();

        /// <summary>SIGTERM, as a process manager stops it; its exit code.</summary>
        public async Task<int> StopAsync()
        {
            using (var terminate = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await terminate.WaitForExitAsync();
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            return process.ExitCode;
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        private void Read(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }

            if (line.Contains("Application started", StringComparison.Ordinal))
            {
                started.TrySetResult();
            }
        }
    }
}
