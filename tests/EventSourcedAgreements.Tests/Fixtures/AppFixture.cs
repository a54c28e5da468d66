using Alba;
using EventSourcedAgreements.Security;
using JasperFx.CommandLine;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wolverine;

namespace EventSourcedAgreements.Tests.Fixtures;

public sealed class AppFixture : IAsyncLifetime
{
    public PostgresServer Postgres { get; private set; } = null!;

    public IAlbaHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        JasperFxEnvironment.AutoStartHost = true;
        Postgres = await PostgresServer.StartAsync();
        Host = await AlbaHost.For<Program>(builder =>
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("ConnectionStrings:Postgres", Postgres.ConnectionString);
            builder.UseSetting("FirstRun:Import", "false");
            builder.ConfigureServices(services => services.RunWolverineInSoloMode());
        });
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Postgres.DisposeAsync();
    }

    public async Task ResetAsync()
    {
        await Host.Services.ResetAllMartenDataAsync();
        var store = Host.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.LightweightSession();
        session.QueueSqlCommand($"truncate {store.Options.DatabaseSchemaName}.{EventSourcedAgreements.Participation.Configuration.PeriodsTable}, {store.Options.DatabaseSchemaName}.{EventSourcedAgreements.Participation.Configuration.ChangesTable}");
        await session.SaveChangesAsync();
    }

    public string TokenFor(string role, string? agencyId = null, string? name = null) =>
        TokenIssuer.Issue(
            Host.Services.GetRequiredService<IOptions<AuthOptions>>().Value,
            role,
            name ?? $"{role} in tests",
            agencyId,
            DateTimeOffset.UtcNow,
            TimeSpan.FromHours(1));
}

[CollectionDefinition(Name)]
public sealed class AppFixtureDefinition : ICollectionFixture<AppFixture>
{
    public const string Name = "app";
}
