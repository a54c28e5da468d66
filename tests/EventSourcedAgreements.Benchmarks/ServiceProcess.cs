using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using EventSourcedAgreements.Security;

namespace EventSourcedAgreements.Benchmarks;

/// <summary>
/// The service's Release build run as its own process, in the Production environment, the way it is deployed: the
/// benchmark talks to it over HTTP on loopback and reads its memory from <c>/proc</c>.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    public const string SigningKey = "benchmark signing key of EventSourcedAgreements, 48 bytes long";

    private static readonly AuthSettings Auth = new() { SigningKey = SigningKey };
    private readonly Process process;

    private ServiceProcess(Process process, Uri address)
    {
        this.process = process;
        Address = address;
        Client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(100),
        };
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public int ProcessId => process.Id;

    /// <summary>The process's peak resident set size so far (VmHWM).</summary>
    public long PeakResidentBytes => Status("VmHWM:");

    public long ResidentBytes => Status("VmRSS:");

    /// <summary>CPU time the process has used so far, user and system (from <c>/proc/&lt;pid&gt;/stat</c>).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    /// <summary>Applies the schema (<c>db-apply</c>, as a deployment does before it starts a node), starts the service and returns once <c>/health/ready</c> answers 200.</summary>
    public static async Task<ServiceProcess> StartAsync(string assembly, string connectionString, CancellationToken cancellationToken, params (string Key, string Value)[] settings)
    {
        await ApplySchemaAsync(assembly, connectionString, cancellationToken, settings);
        var service = Launch(assembly, connectionString, settings);
        await service.WaitUntilAsync(async client => (await client.GetAsync("/health/ready", cancellationToken)).StatusCode == HttpStatusCode.OK, cancellationToken);
        return service;
    }

    /// <summary>
    /// Starts the service without waiting for it: for measuring how long it takes to be useful. In Production the service
    /// does not change the schema, so the database must have been migrated (<see cref="ApplySchemaAsync"/>).
    /// </summary>
    public static ServiceProcess Launch(string assembly, string connectionString, params (string Key, string Value)[] settings) =>
        LaunchAssembly(Published(assembly), [], ProductionEnvironment(connectionString, settings));

    /// <summary>Runs the published service's <c>db-apply</c> with the same environment the service gets, and waits for it.</summary>
    public static async Task ApplySchemaAsync(string assembly, string connectionString, CancellationToken cancellationToken, params (string Key, string Value)[] settings)
    {
        await using var apply = LaunchAssembly(Published(assembly), ["db-apply"], ProductionEnvironment(connectionString, settings));
        await apply.process.WaitForExitAsync(cancellationToken);
        if (apply.process.ExitCode != 0)
        {
            throw new InvalidOperationException($"db-apply exited with {apply.process.ExitCode}.");
        }
    }

    private static string Published(string assembly) =>
        File.Exists(assembly)
            ? assembly
            : throw new FileNotFoundException($"Publish the service first, as tests/EventSourcedAgreements.Benchmarks/run does ({assembly} is missing).");

    private static (string, string)[] ProductionEnvironment(string connectionString, (string Key, string Value)[] settings) =>
    [
        ("ASPNETCORE_ENVIRONMENT", "Production"),
        ("ConnectionStrings:Postgres", connectionString),
        ("Auth:SigningKey", SigningKey),
        ("Guards:WritesPerMinute", "100000000"),
        ("Logging:LogLevel:Default", "Warning"),
        .. settings,
    ];

    /// <summary>Starts another .NET program (the minimal app of the cold-start baseline) the same way.</summary>
    public static ServiceProcess LaunchAssembly(string assembly, IReadOnlyList<string> arguments, IReadOnlyList<(string Key, string Value)> environment)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_URLS"] = address.ToString();
        foreach (var (key, value) in environment)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {assembly}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                Console.Error.WriteLine($"[{Path.GetFileNameWithoutExtension(assembly)}] {line.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServiceProcess(process, address);
    }

    /// <summary>A command as a client sends it: a JSON body with a bearer token; its status, body and how long the answer took.</summary>
    public async Task<(HttpStatusCode Status, string Body, double Milliseconds)> PostAsync(string path, string token, string json, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var started = Stopwatch.GetTimestamp();
        using var response = await Client.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return (response.StatusCode, body, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    public static string Token(string role, string name, string? agencyId = null) =>
        TokenIssuer.Issue(Auth, role, name, agencyId, DateTimeOffset.UtcNow, TimeSpan.FromHours(6));

    /// <summary>Polls <paramref name="ready"/> every 2 ms until it holds; fails when the process exits first.</summary>
    public async Task WaitUntilAsync(Func<HttpClient, Task<bool>> ready, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromMinutes(2));
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The service exited with {process.ExitCode} before it was ready.");
            }

            try
            {
                if (await ready(Client))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(2, deadline.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private long Status(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"{field} not found in /proc/{process.Id}/status.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
