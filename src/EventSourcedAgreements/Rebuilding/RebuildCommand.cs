using System.Globalization;
using JasperFx.CommandLine;
using Marten;

namespace EventSourcedAgreements.Rebuilding;

[Description("Rebuilds every projection (agreement and officer snapshots, participation tables, officers' authority periods, agency directory) from the events, showing its progress", Name = "rebuild")]
public sealed class RebuildCommand : JasperFxAsyncCommand<NetCoreInput>
{
    public override async Task<bool> Execute(NetCoreInput input)
    {
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await Hosting.StoreSchema.PrepareAsync(host, CancellationToken.None);
        var started = TimeProvider.System.GetTimestamp();
        var progress = new Progress<RebuildResult>(done => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {done.Agreements:N0} agreements, {done.Officers:N0} officer{(done.Officers == 1 ? string.Empty : "s")}, {done.Events:N0} events")));
        var result = await Rebuild.AllAsync(store, CancellationToken.None, progress);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Rebuilt the snapshots, participation rows and agency directory of {result.Agreements:N0} agreements, and the snapshots and authority periods of {result.Officers:N0} officer{(result.Officers == 1 ? string.Empty : "s")}, from {result.Events:N0} events in {TimeProvider.System.GetElapsedTime(started).TotalSeconds:0.0} s."));
        return true;
    }
}
