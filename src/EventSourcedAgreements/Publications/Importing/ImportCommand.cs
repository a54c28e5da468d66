using EventSourcedAgreements.Participation;
using JasperFx.CommandLine;

namespace EventSourcedAgreements.Publications.Importing;

public sealed class ImportInput : NetCoreInput
{
    [Description("The published list (ICE's page text, the roster CSV, an ICE XLSX spreadsheet), or a folder of lists named by their date")]
    public string File { get; set; } = string.Empty;

    [Description("The date ICE published the list (YYYY-MM-DD); for a folder, each file's name gives it")]
    [FlagAlias("published", 'p')]
    public string PublishedFlag { get; set; } = string.Empty;

    [Description("Report what the import would change, and change nothing")]
    [FlagAlias("dry-run", 'n')]
    public bool DryRunFlag { get; set; }
}

[Description("Imports a list ICE published: import FILE --published YYYY-MM-DD, with --dry-run to change nothing, or import DIR: every list in the folder, dated by its file name", Name = "import")]
public sealed class ImportCommand : JasperFxAsyncCommand<ImportInput>
{
    public override async Task<bool> Execute(ImportInput input)
    {
        if (Directory.Exists(input.File))
        {
            return await ImportFolderAsync(input);
        }

        if (!DateQuery.TryParse(input.PublishedFlag, out var publishedOn) || input.PublishedFlag.Trim().Length != 10)
        {
            await Console.Error.WriteLineAsync("--published YYYY-MM-DD is required: the date ICE published the list.");
            return false;
        }

        if (!System.IO.File.Exists(input.File))
        {
            await Console.Error.WriteLineAsync($"No file or folder '{input.File}'.");
            return false;
        }

        using var host = input.BuildHost();
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

    /// <summary>Every list in the folder, in date order: one line each, then the total.</summary>
    private static async Task<bool> ImportFolderAsync(ImportInput input)
    {
        var (lists, undated) = ListFolder.Read(input.File);
        foreach (var path in undated)
        {
            Console.WriteLine($"{Path.GetFileName(path)}: not imported: no date (YYYY-MM-DD) at the end of its name");
        }

        using var host = input.BuildHost();
        await Hosting.StoreSchema.PrepareAsync(host, CancellationToken.None);
        var imported = 0;
        var refused = 0;
        foreach (var list in lists)
        {
            await using var scope = host.Services.CreateAsyncScope();
            await using var file = System.IO.File.OpenRead(list.Path);
            var outcome = await scope.ServiceProvider.GetRequiredService<Importer>()
                .ImportAsync(Path.GetFileName(list.Path), file, list.PublishedOn, input.DryRunFlag, Environment.UserName, CancellationToken.None);
            Console.WriteLine(ListFolder.Summary(list, outcome));
            imported += outcome.Report is { AlreadyImported: false } ? 1 : 0;
            refused += outcome.Problem is null ? 0 : 1;
        }

        Console.WriteLine($"{lists.Count} lists: {imported} {(input.DryRunFlag ? "would be imported (dry run)" : "imported")}, {lists.Count - imported - refused} already imported, {refused} not imported; {undated.Count} files without a date");
        return refused == 0;
    }
}
