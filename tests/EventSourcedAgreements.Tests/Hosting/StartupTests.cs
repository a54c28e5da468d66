using EventSourcedAgreements.Hosting;
using EventSourcedAgreements.Tests.Fixtures;

namespace EventSourcedAgreements.Tests.Hosting;

/// <summary>
/// What an operator sees when the service cannot start for its configuration: the built service run as a process of
/// its own, every problem on a line of its own on standard error, naming the key to set, a failing exit code, no stack
/// trace, and nothing else written.
/// </summary>
public sealed class StartupTests
{
    private const string NoDatabaseLine = "No database configured: set ConnectionStrings:Postgres (environment variable ConnectionStrings__Postgres).";
    private const string NoKeyLine = "Configure Auth:SigningKey (environment variable Auth__SigningKey), a secret of at least 32 bytes, or Auth:Authority (Auth__Authority), an OpenID Connect issuer.";

    /// <summary>A server that does not answer: none of these runs may get as far as connecting.</summary>
    private const string UnreachableDatabase = "Host=127.0.0.1;Port=1;Username=agreements;Database=agreements;Timeout=2";

    [Fact]
    public async Task production_without_a_database_and_a_key_names_both_on_a_line_each()
    {
        var refused = await ServiceCommandLine.RunAsync(ServiceCommandLine.Configuration("Production", connectionString: "", signingKey: ""));

        refused.ErrorLines.ShouldBe([NoDatabaseLine, NoKeyLine]);
        refused.ExitCode.ShouldBe(EntryPoint.RefusedExitCode);
        refused.StandardOutput.ShouldBeEmpty();
        refused.ShowsAStackTrace.ShouldBeFalse();
    }

    [Fact]
    public async Task production_refuses_to_start_with_the_development_key()
    {
        var refused = await ServiceCommandLine.RunAsync(ServiceCommandLine.Configuration(
            "Production", UnreachableDatabase, "DEVELOPMENT-ONLY signing key for EventSourcedAgreements; never use outside Development"));

        refused.ErrorLines.ShouldBe(["Auth:SigningKey is the development key; outside Development configure a secret of your own (environment variable Auth__SigningKey)."]);
        refused.ExitCode.ShouldBe(EntryPoint.RefusedExitCode);
        refused.StandardOutput.ShouldBeEmpty();
    }

    [Fact]
    public async Task every_unusable_value_is_listed_with_the_missing_key()
    {
        var configuration = ServiceCommandLine.Configuration("Production", UnreachableDatabase, signingKey: "");
        configuration["Guards__WritesPerMinute"] = "0";
        configuration["Cluster__StaleNodeTimeout"] = "soon";

        var refused = await ServiceCommandLine.RunAsync(configuration);

        refused.ErrorLines.Length.ShouldBe(3, refused.StandardError);
        refused.ErrorLines[0].ShouldStartWith("Guards:WritesPerMinute: ");
        refused.ErrorLines[1].ShouldContain("'Cluster:StaleNodeTimeout'");
        refused.ErrorLines[2].ShouldBe(NoKeyLine);
        refused.ExitCode.ShouldBe(EntryPoint.RefusedExitCode);
        refused.StandardOutput.ShouldBeEmpty();
    }

    /// <summary>The tools (db-apply, rebuild…) need no signing key, but they do need the database.</summary>
    [Fact]
    public async Task a_command_without_a_database_names_it_on_one_line()
    {
        var refused = await ServiceCommandLine.RunAsync(ServiceCommandLine.Configuration("Production", connectionString: "", signingKey: ""), "db-apply");

        refused.ErrorLines.ShouldBe([NoDatabaseLine]);
        refused.ExitCode.ShouldBe(EntryPoint.RefusedExitCode);
        refused.StandardOutput.ShouldBeEmpty();
    }
}
