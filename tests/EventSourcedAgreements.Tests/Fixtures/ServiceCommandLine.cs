using System.Diagnostics;

namespace EventSourcedAgreements.Tests.Fixtures;

/// <summary>The service's own command line, run as a process of its own the way an operator runs it.</summary>
public static class ServiceCommandLine
{
    /// <summary>Runs the built service with <paramref name="arguments"/> in <paramref name="environment"/> on <paramref name="connectionString"/>: its exit code and everything it wrote.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string environment, string connectionString, string signingKey, params string[] arguments)
    {
        var assembly = typeof(Program).Assembly.Location;
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

        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["ConnectionStrings__Postgres"] = connectionString;
        start.Environment["Auth__SigningKey"] = signingKey;
        using var process = Process.Start(start)!;
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

        return (process.ExitCode, await output + await error);
    }
}
