using System.Globalization;
using System.Text;

namespace EventSourcedAgreements.Benchmarks;

/// <summary>One measured figure next to its baseline from the same run.</summary>
/// <param name="Name"></param>
/// <param name="Value"></param>
/// <param name="Baseline"></param>
/// <param name="Ratio"></param>
/// <param name="Target"></param>
/// <param name="Met">Whether the target holds; null when the figure has no target.</param>
public sealed record Figure(string Name, string Value, string Baseline = "—", string Ratio = "—", string Target = "—", bool? Met = null);

public sealed class Section(string number, string title, string command)
{
    public string Number { get; } = number;

    public string Title { get; } = title;

    public string Command { get; } = command;

    public List<Figure> Figures { get; } = [];

    public List<string> Notes { get; } = [];

    public Section Add(Figure figure)
    {
        Figures.Add(figure);
        return this;
    }

    public Section Note(string note)
    {
        Notes.Add(note);
        return this;
    }
}

/// <summary>Writes the figures of one run as <c>docs/performance.md</c>.</summary>
public sealed class Report(string command)
{
    public List<Section> Sections { get; } = [];

    public List<(string Name, string Value)> Environment { get; } = [];

    public string Render(TimeSpan took, string? analysis)
    {
        var text = new StringBuilder();
        text.AppendLine("# Performance");
        text.AppendLine();
        text.AppendLine("Written by the benchmark suite (`tests/EventSourcedAgreements.Benchmarks`) from one run; do not edit by hand.");
        text.AppendLine("Every figure is measured next to its baseline in the same run, on the same machine, against the same PostgreSQL");
        text.AppendLine("server, so the ratios are what to compare between machines, not the absolute times.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Produced by `{command}` in {took.TotalMinutes:0.0} minutes.");
        text.AppendLine();
        text.AppendLine("| | |");
        text.AppendLine("|---|---|");
        foreach (var (name, value) in Environment)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {value} |");
        }

        text.AppendLine();
        text.AppendLine("## Targets");
        text.AppendLine();
        text.AppendLine("| # | figure | measured | baseline | ratio | target | held |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var section in Sections)
        {
            foreach (var figure in section.Figures.Where(f => f.Met is not null))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {section.Number} | {figure.Name} | {figure.Value} | {figure.Baseline} | {figure.Ratio} | {figure.Target} | {(figure.Met == true ? "yes" : "**no**")} |");
            }
        }

        foreach (var section in Sections)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"## {section.Number}. {section.Title}");
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"Command: `{section.Command}`");
            text.AppendLine();
            text.AppendLine("| figure | measured | baseline | ratio | target |");
            text.AppendLine("|---|---|---|---|---|");
            foreach (var figure in section.Figures)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {figure.Name} | {figure.Value} | {figure.Baseline} | {figure.Ratio} | {figure.Target} |");
            }

            foreach (var note in section.Notes)
            {
                text.AppendLine();
                text.AppendLine(note);
            }
        }

        if (analysis is not null)
        {
            text.AppendLine();
            text.Append(analysis.TrimEnd());
            text.AppendLine();
        }

        return text.ToString();
    }
}

/// <summary>Formatting and order statistics shared by the workloads.</summary>
public static class Stats
{
    /// <summary>The nearest-rank percentile (p in 0..100) of the values.</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("No values.", nameof(values));
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static double Median(IReadOnlyCollection<double> values) => Percentile(values, 50);

    public static string Ms(double milliseconds) => milliseconds switch
    {
        < 10 => milliseconds.ToString("0.00 'ms'", CultureInfo.InvariantCulture),
        < 1000 => milliseconds.ToString("0.0 'ms'", CultureInfo.InvariantCulture),
        _ => (milliseconds / 1000).ToString("0.00 's'", CultureInfo.InvariantCulture),
    };

    public static string Number(double value, string format = "N0") => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Ratio(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Mib(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0 'MiB'", CultureInfo.InvariantCulture);
}
