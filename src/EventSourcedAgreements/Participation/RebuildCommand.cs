using JasperFx.CommandLine;
using Marten;

namespace EventSourcedAgreements.Participation;

[Description("Rebuilds the participation tables from the events", Name = "rebuild-participation")]
public sealed class RebuildCommand : JasperFxAsyncCommand<NetCoreInput>
{
    public override async Task<bool> Execute(NetCoreInput input)
    {
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await host.Services.GetRequiredService<Auditing.TamperEvidence>().StartAsync(CancellationToken.None);
        var agreements = await new ParticipationProjection(store.Options.DatabaseSchemaName).RebuildAsync(store, CancellationToken.None);
        Console.WriteLine($"Rebuilt the participation rows of {agreements} agreements from their events.");
        return true;
    }
}
