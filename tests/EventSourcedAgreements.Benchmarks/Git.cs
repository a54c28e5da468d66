using System.Diagnostics;

namespace EventSourcedAgreements.Benchmarks;

public static class Git
{
    /// <summary>The commit measured, marked when the working tree has changes.</summary>
    public static string Head(string repository)
    {
        var commit = Run(repository, "rev-parse", "--short", "HEAD");
        return commit.Length == 0 ? "unknown" : commit + (Run(repository, "status", "--porcelain", "--untracked-files=no").Length > 0 ? " (with uncommitted changes)" : string.Empty);
    }

    private static string Run(string repository, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = repository };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : string.Empty;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return string.Empty;
        }
    }
}
