using System.Globalization;
using JasperFx.CommandLine;
using Marten;

namespace EventSourcedAgreements.Operating;

public sealed class ProjectionStatusInput : NetCoreInput
{
    [Description("Exit with 1 when a projection is more than this many events behind (for scripts and alerts)")]
    public long? MaxBehindFlag { get; set; }
}

[Description("Shows each asynchronous projection: the last event it applied, how many it is behind, and the node running it", Name = "projection-status")]
public sealed class ProjectionStatusCommand : JasperFxAsyncCommand<ProjectionStatusInput>
{
    public override async Task<bool> Execute(ProjectionStatusInput input)
    {
        // Reads only: no schema comparison or change, so it also runs beside a rollout and from a frequent cron job.
        using var host = input.BuildHost();
        ProjectionReport report;
        try
        {
            report = await ProjectionStatus.ReadAsync(host.Services.GetRequiredService<IDocumentStore>(), CancellationToken.None);
        }
        catch (Npgsql.PostgresException missing) when (missing.SqlState == Npgsql.PostgresErrorCodes.UndefinedTable)
        {
            Console.WriteLine($"The database holds no event store yet ({missing.MessageText}): run db-apply first.");
            return false;
        }

        var now = TimeProvider.System.GetUtcNow();
        Console.WriteLine(Format(report, now));
        return input.MaxBehindFlag is not { } limit || report.Projections.All(p => p.Behind <= limit);
    }

    public static string Format(ProjectionReport report, DateTimeOffset now)
    {
        // The first column as wide as its longest name.
        var width = report.Projections.Select(p => p.Shard.Length).Append("Projection".Length).Max();
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"Events recorded through sequence {report.LastSequence:N0}"),
            string.Empty,
            $"{"Projection".PadRight(width)} {"Applied through",15} {"Behind",10}  {"Last progress (UTC)",-20}  Running on",
        };
        foreach (var p in report.Projections)
        {
            var node = p.Node is { } n
                ? string.Create(CultureInfo.InvariantCulture, $"node {n.Number} on {n.Host}, heartbeat {(now - n.LastHeartbeat).TotalSeconds:0} s ago")
                : "no node (none running, or not yet assigned)";
            lines.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"{p.Shard.PadRight(width)} {p.AppliedThrough,15:N0} {p.Behind,10:N0}  {p.LastProgress?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "never",-20}  {node}"));
        }

        lines.Add(string.Empty);
        lines.Add("Inline, written with each command and never behind: agreement and officer snapshots, participation periods and changes, the hash chain.");
        return string.Join(Environment.NewLine, lines);
    }
}
