using EventSourcedAgreements.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace EventSourcedAgreements.Tests.Security;

public sealed class AuthSettingsTests
{
    private const string DevelopmentKey = "DEVELOPMENT-ONLY signing key for EventSourcedAgreements; never use outside Development";

    [Fact]
    public void the_development_key_is_accepted_in_development_only()
    {
        new AuthSettings { SigningKey = DevelopmentKey }.Problems(isDevelopment: true).ShouldBeEmpty();
        new AuthSettings { SigningKey = DevelopmentKey }.Problems(isDevelopment: false).ShouldHaveSingleItem().ShouldContain("development key");
    }

    [Fact]
    public void some_way_to_check_tokens_must_be_configured()
    {
        new AuthSettings().Problems(isDevelopment: false).ShouldHaveSingleItem().ShouldContain("Configure Auth:SigningKey");
        new AuthSettings { Authority = "https://login.example.gov" }.Problems(isDevelopment: false).ShouldBeEmpty();
    }

    [Fact]
    public void a_short_key_is_refused()
    {
        new AuthSettings { SigningKey = "too-short" }.Problems(isDevelopment: true).ShouldHaveSingleItem().ShouldContain("at least 32 bytes");
    }

    [Fact]
    public void the_token_command_prints_a_token_the_service_accepts()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Auth:SigningKey"] = DevelopmentKey }).Build();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = TokenCommand.Run(["token", "--role", "agency", "--agency", "fl-bay-county-sheriffs-office", "--name", "Bay clerk"], configuration, new Environment("Development"), TimeProvider.System, output, error);

        exit.ShouldBe(0);
        error.ToString().ShouldBeEmpty();
        var token = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(output.ToString().Trim());
        token.GetClaim("role").Value.ShouldBe("agency");
        token.GetClaim("agency").Value.ShouldBe("fl-bay-county-sheriffs-office");
        token.GetClaim("name").Value.ShouldBe("Bay clerk");
        token.ValidTo.ShouldBeGreaterThan(DateTime.UtcNow.AddHours(11));
    }

    [Fact]
    public void the_claim_names_must_be_three_different_names()
    {
        new AuthSettings { SigningKey = DevelopmentKey, RoleClaim = " " }.Problems(isDevelopment: true).ShouldHaveSingleItem().ShouldBe("Auth:RoleClaim must name a claim (by default 'role').");
        new AuthSettings { SigningKey = DevelopmentKey, AgencyClaim = "role" }.Problems(isDevelopment: true).ShouldHaveSingleItem()
            .ShouldBe("Auth:RoleClaim ('role'), Auth:AgencyClaim ('role') and Auth:NameClaim ('name') must be three different claims.");
        new AuthSettings { SigningKey = DevelopmentKey, AgencyClaim = "https://example.org/agency", NameClaim = "agency" }.Problems(isDevelopment: true).ShouldHaveSingleItem()
            .ShouldBe("Auth:RoleClaim and Auth:NameClaim may not be 'agency' while Auth:AgencyClaim is 'https://example.org/agency': the service keeps the agency id under 'agency'.");
        new AuthSettings { SigningKey = DevelopmentKey, RoleClaim = "https://example.org/role", AgencyClaim = "https://example.org/agency", NameClaim = "preferred_username" }
            .Problems(isDevelopment: true).ShouldBeEmpty();
    }

    [Fact]
    public void the_token_command_sends_the_claims_under_the_configured_names()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:SigningKey"] = DevelopmentKey,
            ["Auth:RoleClaim"] = "https://example.org/role",
            ["Auth:AgencyClaim"] = "https://example.org/agency",
        }).Build();
        using var output = new StringWriter();
        using var error = new StringWriter();

        TokenCommand.Run(["token", "--role", "agency", "--agency", "fl-bay-county-sheriffs-office"], configuration, new Environment("Development"), TimeProvider.System, output, error).ShouldBe(0);

        var token = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(output.ToString().Trim());
        token.GetClaim("https://example.org/role").Value.ShouldBe("agency");
        token.GetClaim("https://example.org/agency").Value.ShouldBe("fl-bay-county-sheriffs-office");
        token.TryGetClaim("role", out _).ShouldBeFalse();
        token.TryGetClaim("agency", out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("Production", new[] { "token", "--role", "program-officer" }, "development key")]
    [InlineData("Development", new[] { "token", "--role", "sheriff" }, "--role must be one of")]
    [InlineData("Development", new[] { "token", "--role", "agency" }, "--role agency needs --agency")]
    [InlineData("Development", new[] { "token", "--role", "auditor", "--hours", "0" }, "--hours must be")]
    [InlineData("Development", new[] { "token", "--role", "auditor", "--color", "blue" }, "Unknown flag --color")]
    public void the_token_command_explains_what_is_wrong(string environment, string[] args, string explanation)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Auth:SigningKey"] = DevelopmentKey }).Build();
        using var output = new StringWriter();
        using var error = new StringWriter();

        TokenCommand.Run(args, configuration, new Environment(environment), TimeProvider.System, output, error).ShouldBe(2);

        output.ToString().ShouldBeEmpty();
        error.ToString().ShouldContain(explanation);
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "EventSourcedAgreements";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
