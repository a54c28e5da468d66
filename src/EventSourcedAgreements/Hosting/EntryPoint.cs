using System.Reflection;
using JasperFx;
using JasperFx.CommandLine;

namespace EventSourcedAgreements.Hosting;

/// <summary>What the command line asks for, read before anything is built.</summary>
public abstract record Invocation
{
    /// <summary>Start the service (no command, or <c>run</c>), its options (<c>--urls</c>, <c>--Section:Key value</c>…) being configuration.</summary>
    public sealed record StartService : Invocation;

    /// <summary>Run one of the service's commands (<c>db-apply</c>, <c>rebuild</c>, <c>help</c>…): its name, then the arguments it reads.</summary>
    public sealed record Command(IReadOnlyList<string> Arguments) : Invocation
    {
        public string Name => Arguments[0];
    }

    /// <summary>A command line that cannot be used: what is wrong with it, a line each.</summary>
    public sealed record Refused(IReadOnlyList<string> Problems) : Invocation;
}

/// <summary>
/// The service's command line: a command first (<c>db-apply</c>, <c>token</c>, <c>help</c>…), or none to start the
/// service. The options of a start are configuration, as ASP.NET Core reads them (<c>--urls URLS</c>,
/// <c>--environment NAME</c>, <c>--Section:Key VALUE</c> or <c>--Section:Key=VALUE</c>); anything else is refused before
/// the host is built, rather than ignored or taken for a command.
/// </summary>
public static class EntryPoint
{
    public const string Run = "run";

    /// <summary>The exit code of a command line or configuration refused before anything started.</summary>
    public const int RefusedExitCode = 2;

    /// <summary>The exit code of a service that could not start, or stopped on a failure.</summary>
    public const int FailedExitCode = 1;

    public const string Usage =
        "usage: EventSourcedAgreements [--urls URLS] [--environment NAME] [--Section:Key VALUE]... to start the service, " +
        "or EventSourcedAgreements COMMAND [ARGUMENTS] (EventSourcedAgreements help lists the commands)";

    private static readonly string[] HostOptions = ["urls", "http_ports", "https_ports", "environment", "contentRoot", "applicationName", "AllowedHosts"];

    private static readonly string[] HelpOptions = ["-h", "-?", "--help"];

    /// <summary>JasperFx starts the service instead of the command when it sees one of these (and answers 0 whatever happens).</summary>
    private static readonly string[] StartOnlyOptions = ["--urls", "--http_ports", "--https_ports"];

    public static Invocation Read(IReadOnlyList<string> args)
    {
        if (args.Count > 0 && HelpOptions.Contains(args[0], StringComparer.Ordinal))
        {
            return new Invocation.Command(["help", .. args.Skip(1)]);
        }

        if (args.Count > 0 && !args[0].StartsWith('-'))
        {
            if (args[0] == Run)
            {
                return ReadStart(args.Skip(1).ToArray());
            }

            return args.Skip(1).FirstOrDefault(arg => StartOnlyOptions.Any(option => arg.StartsWith(option, StringComparison.OrdinalIgnoreCase))) is { } startOnly
                ? new Invocation.Refused([$"{startOnly.Split('=')[0]} is an option of the service's start, not of the command '{args[0]}'."])
                : new Invocation.Command([.. args]);
        }

        return ReadStart(args);
    }

    private static Invocation ReadStart(IReadOnlyList<string> options)
    {
        var problems = new List<string>();
        for (var i = 0; i < options.Count; i++)
        {
            var option = options[i];
            if (!option.StartsWith("--", StringComparison.Ordinal) || option.Length == 2)
            {
                problems.Add($"Unexpected argument '{option}': a command comes first (EventSourcedAgreements help lists them), and the service's options are --name VALUE pairs.");
                continue;
            }

            var equals = option.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? option[2..equals] : option[2..];
            // A section's own entry comes empty (--Webhooks= beside --Webhooks:Enabled=false): how a configuration is
            // passed on as a command line, e.g. by WebApplicationFactory.
            var emptySection = equals == option.Length - 1;
            if (!IsConfigurationKey(name) && !emptySection)
            {
                problems.Add($"Unknown option '--{name}': the service takes --urls, --http_ports, --https_ports, --environment, --contentRoot, --applicationName, OpenTelemetry's --OTEL_* settings and configuration keys (--Section:Key VALUE, e.g. --Guards:WritesPerMinute 240).");
            }

            if (equals < 0)
            {
                if (i + 1 < options.Count && !options[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    i++;
                }
                else
                {
                    problems.Add($"--{name} needs a value: --{name} {Example(name)} or --{name}={Example(name)}.");
                }
            }
        }

        return problems.Count == 0 ? new Invocation.StartService() : new Invocation.Refused(problems);
    }

    /// <summary>A host option, one of the standard <c>OTEL_*</c> settings the telemetry reads from the configuration, or a key of a section.</summary>
    private static bool IsConfigurationKey(string name) =>
        HostOptions.Contains(name, StringComparer.OrdinalIgnoreCase)
        || name.StartsWith("OTEL_", StringComparison.OrdinalIgnoreCase)
        || name.Contains(':', StringComparison.Ordinal);

    private static string Example(string option) => option.ToUpperInvariant() switch
    {
        "URLS" => "http://localhost:5080",
        "HTTP_PORTS" or "HTTPS_PORTS" => "8080",
        "ENVIRONMENT" => "Production",
        _ => "VALUE",
    };

    /// <summary>
    /// Whether the service is the process's program, run by an operator. Run by another program's entry point instead
    /// (<c>WebApplicationFactory</c> in the tests), a failure to start reaches that program as the exception it is.
    /// </summary>
    public static bool IsTheProcess => Assembly.GetEntryAssembly() == typeof(EntryPoint).Assembly;

    /// <summary>Writes each problem on a line of its own, and nothing else: no stack trace, no log.</summary>
    public static int Refuse(IEnumerable<string> problems, TextWriter error)
    {
        foreach (var problem in problems)
        {
            error.WriteLine(OneLine(problem));
        }

        return RefusedExitCode;
    }

    /// <summary>Runs the service until it is stopped: 0 after a clean stop, <see cref="FailedExitCode"/> and one line saying why when it could not start or failed.</summary>
    public static async Task<int> StartAsync(WebApplication app, TextWriter error)
    {
        try
        {
            await app.RunAsync();
            return 0;
        }
#pragma warning disable CA1031 // Whatever stopped the service, the operator gets one line and a failing exit code; the log holds the details.
        catch (Exception failure) when (IsTheProcess)
#pragma warning restore CA1031
        {
            var cause = failure.InnerException is { } inner && inner.Message != failure.Message ? $" ({OneLine(inner.Message)})" : string.Empty;
            await error.WriteLineAsync($"The service stopped: {OneLine(failure.Message)}{cause}");
            return FailedExitCode;
        }
    }

    /// <summary>Runs one of the JasperFx commands (the service's own and the Critter Stack's: <c>db-apply</c>, <c>codegen</c>…).</summary>
    public static Task<int> RunCommandAsync(WebApplication app, Invocation.Command command)
    {
        // JasperFx announces every assembly it searches for commands ("Searching '…' for commands", one a line) until
        // extensions have been applied once in the process (CommandFactory's static latch). The service applies none:
        // applying none flips the latch, and the commands print only what they have to say.
        new CommandFactory().ApplyExtensions(new ServiceCollection());
        return app.RunJasperFxCommands([.. command.Arguments]);
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
