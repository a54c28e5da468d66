using System.Diagnostics;
using System.Text;
using EventSourcedAgreements.Tests.Fixtures;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EventSourcedAgreements.Tests.Security;

/// <summary>
/// <c>token</c> as the README runs it: the built service as a process of its own, the configuration it reads from its
/// folder and its environment (no host is built), the token alone on standard output, for <c>| tail -n 1</c>.
/// </summary>
public sealed class TokenCommandTests
{
    private const string DevelopmentKey = "DEVELOPMENT-ONLY signing key for EventSourcedAgreements; never use outside Development";

    private static readonly string[] Arguments = ["token", "--role", "agency", "--agency", "fl-marion-county-sheriffs-office", "--name", "Marion clerk"];

    [Fact]
    public async Task in_development_it_prints_one_token_signed_with_the_key_of_the_development_settings()
    {
        var elapsed = Stopwatch.StartNew();
        var run = await ServiceCommandLine.RunAsync(Environment("Development", signingKey: null), Arguments);
        elapsed.Stop();

        run.ExitCode.ShouldBe(0, run.StandardError);
        run.StandardError.ShouldBeEmpty();
        var token = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldHaveSingleItem();
        var claims = await ValidAsync(token, DevelopmentKey);
        claims.GetClaim("name").Value.ShouldBe("Marion clerk");
        claims.GetClaim("agency").Value.ShouldBe("fl-marion-county-sheriffs-office");
        elapsed.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5), "the runtime's start and a signature; no host");
    }

    [Fact]
    public async Task a_key_in_the_environment_wins_over_the_settings_file()
    {
        var key = new string('e', 48);

        var run = await ServiceCommandLine.RunAsync(Environment("Development", key), Arguments);

        run.ExitCode.ShouldBe(0, run.StandardError);
        (await ValidAsync(run.StandardOutput.Trim(), key)).GetClaim("role").Value.ShouldBe("agency");
    }

    [Fact]
    public async Task without_a_key_it_names_the_key_to_set_and_fails()
    {
        var run = await ServiceCommandLine.RunAsync(Environment("Production", signingKey: null), Arguments);

        run.ExitCode.ShouldBe(2);
        run.StandardOutput.ShouldBeEmpty();
        run.ErrorLines.ShouldBe([
            "Configure Auth:SigningKey (environment variable Auth__SigningKey), a secret of at least 32 bytes, or Auth:Authority (Auth__Authority), an OpenID Connect issuer.",
            "usage: token --role agency|program-officer|auditor [--agency AGENCY-ID] [--name NAME] [--hours N]",
        ]);
    }

    private static Dictionary<string, string?> Environment(string name, string? signingKey) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = name,
        ["DOTNET_ENVIRONMENT"] = null,
        ["Auth__SigningKey"] = signingKey,
        ["Auth__Authority"] = null,
    };

    private static async Task<JsonWebToken> ValidAsync(string token, string key)
    {
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = "event-sourced-agreements",
            ValidAudience = "event-sourced-agreements",
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)),
        });
        result.IsValid.ShouldBeTrue(result.Exception?.Message);
        return (JsonWebToken)result.SecurityToken;
    }
}
