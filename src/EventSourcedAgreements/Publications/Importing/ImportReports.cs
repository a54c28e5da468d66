using System.Globalization;
using System.Text;

namespace EventSourcedAgreements.Publications.Importing;

public static class ImportReports
{
    public static string Describe(ImportReport report)
    {
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"{report.FileName} ({report.Kind}, published {report.PublishedOn:yyyy-MM-dd}, sha256 {report.Sha256}): {report.Rows} rows read.");
        if (report.AlreadyImported)
        {
            return text.AppendLine("Already imported: nothing changed.").ToString();
        }

        text.AppendLine(report.DryRun ? "Dry run: nothing changed. It would make:" : "Changes:");
        foreach (var (kind, count) in report.Counts.OrderBy(c => c.Key))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {kind}: {count}");
        }

        foreach (var line in report.Lines.Where(l => l.Kind is ChangeKind.Skipped or ChangeKind.Interpreted or ChangeKind.Conflict))
        {
            var where = line.Line is { } number ? $"line {number}" : "-";
            var what = line.AgencyId is null ? string.Empty : $" {line.AgencyId} {line.Model}";
            text.AppendLine(CultureInfo.InvariantCulture, $"  {where}: {line.Kind}{what}: {line.Detail}");
        }

        return text.ToString();
    }
}
