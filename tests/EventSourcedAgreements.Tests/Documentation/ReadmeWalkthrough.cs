using System.Text.RegularExpressions;

namespace EventSourcedAgreements.Tests.Documentation;

/// <summary>
/// One <c>curl</c> of the walkthrough: what it sends and what the document says it answers; <paramref name="Assigns"/>
/// the shell variable it sets from the answer's <c>id</c> (<c>ID=$(curl …)</c>), if any; <paramref name="WaitsSeconds"/>
/// the <c>sleep</c> before it.
/// </summary>
public sealed record WalkthroughRequest(int Number, string Method, string Path, string? TokenVariable, string? Body, bool ExpectsConflict, string? Assigns, int WaitsSeconds = 0)
{
    public bool GivesId => Assigns is not null;

    public override string ToString() => $"step {Number}: {Method} {Path}";
}

/// <summary>A variable the walkthrough sets from the service's <c>token</c> command, and that command's arguments.</summary>
public sealed record WalkthroughToken(string Variable, string[] Arguments);

/// <summary>
/// A document's walkthrough section (the README's "One agreement's life, with curl" unless another is named), read as a
/// shell user runs it: its first fenced bash block, with continuation lines joined. Every line must be one the reader knows, so the README cannot grow a step the test skips.
/// A comment that says 409 outside parentheses announces that the next request answers 409 (a parenthesis is an aside,
/// as the signing's "a stale one is a 409").
/// </summary>
public sealed partial record ReadmeWalkthrough(IReadOnlyList<WalkthroughToken> Tokens, IReadOnlyList<WalkthroughRequest> Requests)
{
    public const string Section = "## One agreement's life, with curl";

    public static ReadmeWalkthrough Read(string readme, string heading = Section)
    {
        var section = readme.IndexOf(heading, StringComparison.Ordinal);
        section.ShouldBeGreaterThanOrEqualTo(0, $"the document has no section '{heading}'");
        var start = readme.IndexOf("```bash\n", section, StringComparison.Ordinal) + "```bash\n".Length;
        var block = readme[start..readme.IndexOf("\n```", start, StringComparison.Ordinal)];
        var tokens = new List<WalkthroughToken>();
        var requests = new List<WalkthroughRequest>();
        var conflictAnnounced = false;
        var wait = 0;
        foreach (var line in Continuation().Replace(block, " ").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
        {
            if (line.StartsWith('#'))
            {
                conflictAnnounced |= Aside().Replace(line, string.Empty).Contains("409", StringComparison.Ordinal);
            }
            else if (TokenLine().Match(line) is { Success: true } token)
            {
                tokens.Add(new WalkthroughToken(token.Groups["variable"].Value, [.. Words().Matches(token.Groups["arguments"].Value).Select(w => w.Groups["quoted"].Success ? w.Groups["quoted"].Value : w.Value)]));
            }
            else if (line.Contains("curl ", StringComparison.Ordinal))
            {
                requests.Add(new WalkthroughRequest(
                    requests.Count + 1,
                    Method().Match(line) is { Success: true } method ? method.Groups[1].Value : "GET",
                    Url().Match(line) is { Success: true } url ? url.Groups[1].Value : throw new ShouldAssertException($"no http://localhost:5080/ URL in: {line}"),
                    Bearer().Match(line) is { Success: true } bearer ? bearer.Groups[1].Value : null,
                    Body().Match(line) is { Success: true } body ? body.Groups[1].Value.Replace("'\\''", "'", StringComparison.Ordinal) : null,
                    conflictAnnounced,
                    Assignment().Match(line) is { Success: true } assignment ? assignment.Groups[1].Value : null,
                    wait));
                conflictAnnounced = false;
                wait = 0;
            }
            else if (Sleep().Match(line) is { Success: true } sleep)
            {
                wait += int.Parse(sleep.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                line.ShouldStartWith("echo ", customMessage: $"a line of the walkthrough this test does not know how to run: {line}");
            }
        }

        return new ReadmeWalkthrough(tokens, requests);
    }

    [GeneratedRegex(@"\([^)]*\)")]
    private static partial Regex Aside();

    [GeneratedRegex(@"\\\n\s*")]
    private static partial Regex Continuation();

    [GeneratedRegex(@"^(?<variable>\w+)=\$\(dotnet run --project src/EventSourcedAgreements -- (?<arguments>token .*?) \| tail -n 1\)$")]
    private static partial Regex TokenLine();

    [GeneratedRegex("\"(?<quoted>[^\"]*)\"|\\S+")]
    private static partial Regex Words();

    [GeneratedRegex(@"-X (\w+)")]
    private static partial Regex Method();

    [GeneratedRegex(@"http://localhost:5080(/[^\s'""]*)")]
    private static partial Regex Url();

    [GeneratedRegex(@"^(\w+)=\$\(curl ")]
    private static partial Regex Assignment();

    [GeneratedRegex(@"^sleep (\d+)$")]
    private static partial Regex Sleep();

    [GeneratedRegex(@"Bearer \$(\w+)")]
    private static partial Regex Bearer();

    [GeneratedRegex(@"-d '((?:[^']|'\\'')*)'")]
    private static partial Regex Body();
}
