using Marten;

namespace EventSourcedAgreements.Hosting;

/// <summary>
/// The service's store as the service registers it (every feature's documents, projections and schema objects), without
/// the web host and without starting anything: for the tools, benchmarks and tests that work on the same database.
/// </summary>
public sealed class StoreHost : IAsyncDisposable
{
    private readonly IHost host;

    private StoreHost(IHost host) => this.host = host;

    public IDocumentStore Store => host.Services.GetRequiredService<IDocumentStore>();

    public static StoreHost Open(string connectionString)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production, DisableDefaults = true });
        builder.Configuration[$"ConnectionStrings:{DatabaseSettings.ConnectionStringName}"] = connectionString;
        Program.AddFeatures(builder);
        return new StoreHost(builder.Build());
    }

    public ValueTask DisposeAsync() => host is IAsyncDisposable disposable ? disposable.DisposeAsync() : ValueTask.CompletedTask;
}
