using System.Diagnostics;
using System.Runtime.InteropServices;
using EventSourcedAgreements.Benchmarks.Workloads;

namespace EventSourcedAgreements.Benchmarks;

/// <summary>Runs the workloads and writes the report (see <c>run</c> next to this file).</summary>
public static class BenchmarkProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (CritterPeer.Matches(args))
        {
            await CritterPeer.RunAsync(args);
            return 0;
        }

        if (MinimalApp.Matches(args))
        {
            await MinimalApp.RunAsync();
            return 0;
        }

        if (args is ["micro", .. var micro])
        {
            BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(micro);
            return 0;
        }

        var options = BenchOptions.Parse(args);
        var started = Stopwatch.StartNew();
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };

        await using var bench = await Bench.StartAsync(options, cancellation.Token);
        var command = "bash tests/EventSourcedAgreements.Benchmarks/run" + (args.Length > 0 ? " " + string.Join(' ', args.Where(a => a != options.Out && a != "--out")) : string.Empty);
        var report = new Report(command.Trim());
        report.Environment.Add(("date (UTC)", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)));
        report.Environment.Add(("commit", Git.Head(bench.Repository)));
        report.Environment.Add(("machine", $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024 / 1024 / 1024} GiB, {RuntimeInformation.OSDescription}"));
        report.Environment.Add((".NET", RuntimeInformation.FrameworkDescription));
        report.Environment.Add(("PostgreSQL", (await bench.ServerVersionAsync(cancellation.Token)).Split(" on ")[0]));
        report.Environment.Add(("server settings", string.Join(", ", (await bench.ServerSettingsAsync(cancellation.Token)).Select(s => $"{s.Key}={s.Value}"))));

        if (options.Runs("write"))
        {
            report.Sections.AddRange(await WriteLoad.RunAsync(bench, cancellation.Token));
        }

        if (options.Runs("peer"))
        {
            report.Sections.Add(await PeerWriteLoad.RunAsync(bench, cancellation.Token));
        }

        if (options.Runs("point-in-time") || options.Runs("rebuild"))
        {
            report.Sections.AddRange(await NationalHistory.RunAsync(bench, cancellation.Token));
        }

        if (options.Runs("import"))
        {
            report.Sections.Add(await ListImport.RunAsync(bench, cancellation.Token));
        }

        if (options.Runs("cold-start"))
        {
            report.Sections.Add(await ColdStart.RunAsync(bench, cancellation.Token));
        }

        if (options.Runs("explorer"))
        {
            report.Sections.Add(await ExplorerLoad.RunAsync(bench, cancellation.Token));
        }

        report.Sections.Sort((a, b) => string.CompareOrdinal(a.Number, b.Number));
        var analysisFile = Path.Combine(bench.Repository, "tests", "EventSourcedAgreements.Benchmarks", "Analysis.md");
        var markdown = report.Render(started.Elapsed, File.Exists(analysisFile) ? await File.ReadAllTextAsync(analysisFile) : null);
        if (options.Out is { } output)
        {
            await File.WriteAllTextAsync(output, markdown);
            Console.WriteLine($"Wrote {output}.");
        }
        else
        {
            Console.WriteLine(markdown);
        }

        return 0;
    }
}
