using JasperFx.CommandLine;

namespace EventSourcedAgreements.Auditing.Verifying;

[Description("Recomputes the hash chain of every event in the store and names the first broken link", Name = "verify")]
public sealed class VerifyCommand : JasperFxAsyncCommand<NetCoreInput>
{
    public override async Task<bool> Execute(NetCoreInput input)
    {
        using var host = input.BuildHost();
        await host.Services.GetRequiredService<TamperEvidence>().StartAsync(CancellationToken.None);
        var result = await host.Services.GetRequiredService<Verification>().VerifyAsync(agreementId: null, CancellationToken.None);
        if (result.FirstBrokenLink is { } broken)
        {
            Console.WriteLine($"BROKEN after {result.EventsChecked} events: agreement {broken.AgreementId}, version {broken.Version} (sequence {broken.Sequence}): {broken.Problem}.");
            return false;
        }

        Console.WriteLine($"Intact: {result.EventsChecked} events, every one chained to its predecessor.");
        return true;
    }
}
