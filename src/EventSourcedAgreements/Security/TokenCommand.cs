namespace EventSourcedAgreements.Security;

/// <summary>
/// <c>token --role ROLE [--agency ID] [--name NAME] [--hours N]</c>: prints a bearer token signed with the configured
/// <c>Auth:SigningKey</c>. It runs before any host or builder exists, reading the configuration the service would read
/// (<see cref="Configuration"/>), so it needs no database, prints nothing else, and answers as fast as the runtime starts.
/// </summary>
public static class TokenCommand
{
    public const string Name = "token";
    private const string Usage = "usage: token --role agency|program-officer|auditor [--agency AGENCY-ID] [--name NAME] [--hours N]";

    private static readonly string[] EnvironmentVariables = ["ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT"];

    public static bool Matches(string[] args) => args.Length > 0 && args[0] == Name;

    /// <summary>Runs the command with the configuration of the environment the process runs in.</summary>
    public static int Run(string[] args, TimeProvider time, TextWriter output, TextWriter error)
    {
        var environment = EnvironmentName();
        return Run(args, Configuration(environment, Directory.GetCurrentDirectory()), environment == Environments.Development, time, output, error);
    }

    public static int Run(string[] args, IConfiguration configuration, IHostEnvironment environment, TimeProvider time, TextWriter output, TextWriter error) =>
        Run(args, configuration, environment.IsDevelopment(), time, output, error);

    /// <summary>
    /// The configuration sources of <c>WebApplication.CreateBuilder</c> that can hold the <c>Auth</c> settings, in its
    /// order (a later one wins): <c>appsettings.json</c> and <c>appsettings.{environment}.json</c> in
    /// <paramref name="contentRoot"/>, the user secrets in Development, the environment variables.
    /// </summary>
    public static IConfiguration Configuration(string environment, string contentRoot)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(contentRoot)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true);
        if (environment == Environments.Development)
        {
            configuration.AddUserSecrets(typeof(TokenCommand).Assembly, optional: true);
        }

        return configuration.AddEnvironmentVariables().Build();
    }

    /// <summary>The environment as the web host finds it: <c>ASPNETCORE_ENVIRONMENT</c>, else <c>DOTNET_ENVIRONMENT</c>, else Production.</summary>
    private static string EnvironmentName() =>
        EnvironmentVariables.Select(Environment.GetEnvironmentVariable).FirstOrDefault(name => !string.IsNullOrEmpty(name)) ?? Environments.Production;

    private static int Run(string[] args, IConfiguration configuration, bool isDevelopment, TimeProvider time, TextWriter output, TextWriter error)
    {
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                error.WriteLine(Usage);
                return 2;
            }

            flags[args[i][2..]] = args[i + 1];
        }

        var problems = Problems(flags).ToList();
        var options = Core.Settings.Read<AuthSettings>(configuration, isDevelopment, checkProblems: false);
        problems.AddRange(options.Problems(isDevelopment));
        if (problems.Count > 0)
        {
            problems.ForEach(error.WriteLine);
            error.WriteLine(Usage);
            return 2;
        }

        var role = flags["role"];
        flags.TryGetValue("agency", out var agency);
        var name = flags.GetValueOrDefault("name") ?? (agency is null ? role : $"{role}:{agency}");
        var hours = flags.TryGetValue("hours", out var text) ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : 12;
        output.WriteLine(TokenIssuer.Issue(options, role, name, agency, time.GetUtcNow(), TimeSpan.FromHours(hours)));
        return 0;
    }

    private static IEnumerable<string> Problems(Dictionary<string, string> flags)
    {
        foreach (var unknown in flags.Keys.Except(["role", "agency", "name", "hours"]))
        {
            yield return $"Unknown flag --{unknown}.";
        }

        if (!flags.TryGetValue("role", out var role) || !Roles.All.Contains(role))
        {
            yield return $"--role must be one of {string.Join(", ", Roles.All)}.";
        }
        else if (role == Roles.Agency && !flags.ContainsKey("agency"))
        {
            yield return "--role agency needs --agency AGENCY-ID (e.g. fl-hernando-county-sheriffs-office).";
        }

        if (flags.TryGetValue("hours", out var hours) && (!int.TryParse(hours, System.Globalization.CultureInfo.InvariantCulture, out var value) || value is < 1 or > 24 * 365))
        {
            yield return "--hours must be a whole number of hours between 1 and 8760.";
        }
    }
}
