using JasperFx.CommandLine;

namespace EventSourcedAgreements.Resetting;

[Description("Empties the Development store (events, documents, projections, the hash chain, Wolverine's messages) and creates its schema again; refuses in any other environment", Name = "reset")]
public sealed class ResetCommand : JasperFxAsyncCommand<NetCoreInput>
{
    public override async Task<bool> Execute(NetCoreInput input)
    {
        using var host = input.BuildHost();
        var outcome = await ResetStore.RunAsync(host.Services, CancellationToken.None);
        await (outcome.Reset ? Console.Out : Console.Error).WriteLineAsync(outcome.Message);
        return outcome.Reset;
    }
}
