using EventSourcedAgreements.Tests.Fixtures;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Model;
using Microsoft.Extensions.DependencyInjection;

namespace EventSourcedAgreements.Tests.Hosting;

/// <summary>
/// Release builds load the handlers committed in <c>src/EventSourcedAgreements/Internal/Generated</c> instead of
/// generating them, and find their endpoints in the registry written there: an endpoint missing from it answers 404
/// with no error. So the committed files must be what <c>codegen write</c> writes for the code as it is now.
/// </summary>
[Collection(AppFixtureDefinition.Name)]
public sealed class PreGeneratedCodeTests(AppFixture app)
{
    public const string RegenerateCommand =
        "dotnet run --project src/EventSourcedAgreements -- codegen delete && dotnet run --project src/EventSourcedAgreements -- codegen write";

    [Fact]
    public async Task the_committed_generated_code_is_what_codegen_write_writes_for_the_current_code()
    {
        var written = Directory.CreateTempSubdirectory("codegen-write-").FullName;
        try
        {
            var committed = await WriteGeneratedCodeAsync(written);

            var differences = Compare(committed, written);

            differences.ShouldBeEmpty(
                $"The pre-generated code in {committed} is stale: Release builds load it instead of generating handlers, "
                + "so there a new endpoint would answer 404, a changed one run its old handler or not compile, a removed one not compile. "
                + $"Regenerate it from the repository root and commit the result:{Environment.NewLine}  {RegenerateCommand}{Environment.NewLine}");
        }
        finally
        {
            Directory.Delete(written, recursive: true);
        }
    }

    /// <summary>
    /// Does in-process what <c>codegen write</c> does (JasperFx's GenerateCodeCommand: a host built in codegen mode, then
    /// <see cref="DynamicCodeBuilder.WriteGeneratedCode"/> over its code file collections), into <paramref name="directory"/>
    /// instead of the project. Returns the project's folder, where <c>codegen write</c> would have written.
    /// </summary>
    private async Task<string> WriteGeneratedCodeAsync(string directory)
    {
        // In codegen mode Wolverine scans for endpoints afresh (a Release build would read the committed registry) and
        // starts without its agents. The switch is process-wide and read while a host starts; only this collection's
        // tests and the faults collection, which runs alone, start hosts, so no other host sees it switched on.
        DynamicCodeBuilder.WithinCodegenCommand = true;
        try
        {
            await using var host = await AppFixture.StartHostAsync(app.Postgres.ConnectionString);
            var collections = host.Services.GetServices<ICodeFileCollection>().ToArray();
            var rules = collections.Select(collection => collection.Rules).Distinct().ToArray();
            var projectFolder = rules.Select(rule => Path.GetFullPath(rule.GeneratedCodeOutputPath)).Distinct().ShouldHaveSingleItem();
            foreach (var rule in rules)
            {
                rule.GeneratedCodeOutputPath = directory;
            }

            new DynamicCodeBuilder(host.Services, collections)
            {
                ServiceVariableSource = host.Services.GetService<IServiceVariableSource>(),
            }.WriteGeneratedCode(_ => { });
            return projectFolder;
        }
        finally
        {
            DynamicCodeBuilder.WithinCodegenCommand = false;
        }
    }

    private static List<string> Compare(string committed, string written)
    {
        var committedFiles = Files(committed);
        var writtenFiles = Files(written);
        var differences = new List<string>();
        differences.AddRange(writtenFiles.Keys.Except(committedFiles.Keys).Select(file => $"missing (a new endpoint or handler?): {file}"));
        differences.AddRange(committedFiles.Keys.Except(writtenFiles.Keys).Select(file => $"no longer generated (a removed endpoint?): {file}"));
        differences.AddRange(writtenFiles.Keys.Intersect(committedFiles.Keys)
            .Where(file => committedFiles[file] != writtenFiles[file])
            .Select(file => $"different: {file}, first at line {FirstDifferentLine(committedFiles[file], writtenFiles[file])}"));
        return differences;
    }

    private static SortedDictionary<string, string> Files(string root) => Directory.Exists(root)
        ? new(
            Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToDictionary(
                file => Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/'),
                file => File.ReadAllText(file).ReplaceLineEndings("\n")),
            StringComparer.Ordinal)
        : new(StringComparer.Ordinal);

    private static int FirstDifferentLine(string committed, string written)
    {
        var committedLines = committed.Split('\n');
        var writtenLines = written.Split('\n');
        var line = 0;
        while (line < committedLines.Length && line < writtenLines.Length && committedLines[line] == writtenLines[line])
        {
            line++;
        }

        return line + 1;
    }
}
