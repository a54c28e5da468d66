namespace EventSourcedAgreements.Benchmarks;

/// <summary>
/// The Chromium of the machine, for Playwright (its own browser download does not work everywhere): the path in
/// <c>AGREEMENTS_TEST_CHROMIUM</c>, else Debian's or Ubuntu's package, else Google Chrome.
/// </summary>
public static class Chromium
{
    public const string Variable = "AGREEMENTS_TEST_CHROMIUM";

    public static readonly string[] Paths = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    public static string Find()
    {
        var named = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(named))
        {
            return File.Exists(named) ? named : throw new InvalidOperationException($"{Variable} names {named}, which does not exist.");
        }

        return Paths.FirstOrDefault(File.Exists) ?? throw new InvalidOperationException(
            $"Chromium is needed: install it (Debian: apt-get install -y chromium; .ci/run does) or name it in {Variable}. Looked in {string.Join(", ", Paths)}.");
    }

    /// <summary>Headless, and without the sandbox, which needs user namespaces that containers and root lack.</summary>
    public static Microsoft.Playwright.BrowserTypeLaunchOptions LaunchOptions() => new()
    {
        ExecutablePath = Find(),
        Headless = true,
        Args = ["--no-sandbox"],
    };
}
