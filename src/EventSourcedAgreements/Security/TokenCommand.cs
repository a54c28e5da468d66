namespace EventSourcedAgreements.Security;

/// <summary>
/// <c>token --role ROLE [--agency ID] [--name NAME] [--hours N]</c>: prints a bearer token signed with the configured
/// <c>Auth:SigningKey</c>. It runs before the host is built, so it needs no database and prints nothing else.
/// </summary>
public static class TokenCommand
{
    public const string Name = "token";
    private const string Usage = "usage: token --role agency|program-officer|auditor [--agency AGENCY-ID] [--name NAME] [--hours N]";

    public static bool Matches(string[] args) => args.Length > 0 && args[0] == Name;

    public static int Run(string[] args, IConfiguration configuration, IHostEnvironment environment, TimeProvider time, TextWriter output, TextWriter error)
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
        var options = Core.Settings.Read<AuthSettings>(configuration, environment.IsDevelopment(), checkProblems: false);
        problems.AddRange(options.Problems(environment.IsDevelopment()));
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
