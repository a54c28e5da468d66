using Alba;
using EventSourcedAgreements.Core;
using EventSourcedAgreements.Tests.Fixtures;
using Microsoft.AspNetCore.Hosting;

namespace EventSourcedAgreements.Tests.Hosting;

[Collection(AppFixtureDefinition.Name)]
public sealed class StartupTests(AppFixture app)
{
    [Fact]
    public async Task production_refuses_to_start_with_the_development_key()
    {
        var failure = await Should.ThrowAsync<SettingsException>(() => AlbaHost.For<Program>(builder =>
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("ConnectionStrings:Postgres", app.Postgres.ConnectionString);
            builder.UseSetting("Auth:SigningKey", "DEVELOPMENT-ONLY signing key for EventSourcedAgreements; never use outside Development");
        }));

        failure.Message.ShouldContain("Auth:SigningKey is the development key");
    }

    [Fact]
    public async Task production_refuses_to_start_without_a_key_or_an_authority()
    {
        var failure = await Should.ThrowAsync<SettingsException>(() => AlbaHost.For<Program>(builder =>
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("ConnectionStrings:Postgres", app.Postgres.ConnectionString);
        }));

        failure.Message.ShouldContain("Configure Auth:SigningKey");
    }

    [Fact]
    public async Task production_refuses_to_start_without_a_connection_string()
    {
        var failure = await Should.ThrowAsync<SettingsException>(() => AlbaHost.For<Program>(builder =>
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Auth:SigningKey", new string('s', 48));
        }));

        failure.Message.ShouldContain("No database configured: set ConnectionStrings:Postgres");
    }
}
