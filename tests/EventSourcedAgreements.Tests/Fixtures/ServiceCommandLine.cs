using System.Diagnostics;

namespace EventSourcedAgreements.Tests.Fixtures;

/// <summary>The service's own command line, run as a process of its own the way an operator runs it.</summary>
public static class ServiceCommandLine
{
    /// <summary>Runs the built service with <paramref name="arguments"/> in <paramref name="environment"/> on <paramref name="connectionString"/>: its exit code and everything it wrote.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string environment, string connectionString, string signingKey, params string[] arguments)
    {
        var run = await RunAsync(Configuration(environment, connectionString, signingKey), arguments);
        return (run.ExitCode, run.StandardOutput + run.StandardError);
    }

    /// <summary>The environment variables of a run in <paramref name="environment"/> on <paramref name="connectionString"/> with <paramref name="signingKey"/> (empty: none configured).</summary>
    public static Dictionary<string, string?> Configuration(string environment, string connectionString, string signingKey) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = environment,
        ["ConnectionStrings__Postgres"] = connectionString,
        ["Auth__SigningKey"] = signingKey,
    };

    /// <summary>Runs the built service with <paramref name="arguments"/> and these environment variables (null: left unset), from the test's output folder: its exit code, its standard output and its standard error.</summary>
    public static async Task<ServiceExit> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        using var process = Process.Start(StartInfo(environment, arguments))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new ServiceExit(process.ExitCode, await output, await error);
    }

    /// <summary>How the built service is started: <c>dotnet EventSourcedAgreements.dll ARGUMENTS</c> in <paramref name="workingDirectory"/> (the test's output folder when null), with these environment variables (null: left unset).</summary>
    public static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string?> environment, IReadOnlyList<string> arguments, string? workingDirectory = null)
    {
        var assembly = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(assembly)!,
        };
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        return start;
    }
}

/// <summary>How a run of the service ended: its exit code and what it wrote to each stream.</summary>
public sealed record ServiceExit(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>The lines written to standard error.</summary>
    public string[] ErrorLines => StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Whether anything written looks like a stack trace (a frame's "   at Type.Method(" line).</summary>
    public bool ShowsAStackTrace => (StandardOutput + StandardError).Split('\n').Any(line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal) && line.Contains('(', StringComparison.Ordinal));
}
