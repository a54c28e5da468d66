using EventSourcedAgreements.Participation;
using JasperFx.CommandLine;
using Marten;

namespace EventSourcedAgreements.Publications.Importing;

public sealed class ImportInput : NetCoreInput
{
    [Description("The published list: ICE's page text, the roster CSV, or an ICE XLSX spreadsheet")]
    public string File { get; set; } = string.Empty;

    [Description("The date ICE published the list (YYYY-MM-DD)")]
    [FlagAlias("published", 'p')]
    public string PublishedFlag { get; set; } = string.Empty;

    [Description("Report what the import would change, and change nothing")]
    [FlagAlias("dry-run", 'n')]
    public bool DryRunFlag { get; set; }
}

[Description("Imports a list ICE published: import FILE --published YYYY-MM-DD [--dry-run]", Name = "import")]
public sealed class ImportCommand : JasperFxAsyncCommand<ImportInput>
{
    public override async Task<bool> Execute(ImportInput input)
    {
        if (!DateQuery.TryParse(input.PublishedFlag, out var publishedOn) || input.PublishedFlag.Trim().Length != 10)
        {
            await Console.Error.WriteLineAsync("--published YYYY-MM-DD is required: the date ICE published the list.");
            return false;
        }

        if (!System.IO.File.Exists(input.File))
        {
            await Console.Error.WriteLineAsync($"No file '{input.File}'.");
            return false;
        }

        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await Hosting.StoreSchema.PrepareAsync(host, CancellationToken.None);
        await using var scope = host.Services.CreateAsyncScope();
        await using var file = System.IO.File.OpenRead(input.File);
        var outcome = await scope.ServiceProvider.GetRequiredService<Importer>()
            .ImportAsync(Path.GetFileName(input.File), file, publishedOn, input.DryRunFlag, Environment.UserName, CancellationToken.None);
        if (outcome.Problem is { } problem)
        {
            await Console.Error.WriteLineAsync($"{problem.Title}: {problem.Detail}");
            return false;
        }

        Console.WriteLine(ImportReports.Describe(outcome.Report!));
        return true;
    }
}
