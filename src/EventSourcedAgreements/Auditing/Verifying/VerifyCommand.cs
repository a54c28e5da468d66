using JasperFx.CommandLine;

namespace EventSourcedAgreements.Auditing.Verifying;

public sealed class VerifyInput : NetCoreInput
{
    [Description("An anchor's number and hash as published and kept outside the database, NUMBER:HASH")]
    public string? AnchorFlag { get; set; }
}

[Description("Recomputes the hash chains of every event and every anchor in the store and names the first broken link", Name = "verify")]
public sealed class VerifyCommand : JasperFxAsyncCommand<VerifyInput>
{
    public override async Task<bool> Execute(VerifyInput input)
    {
        PublishedAnchor? published = null;
        if (input.AnchorFlag is not null && !PublishedAnchor.TryParse(input.AnchorFlag, out published))
        {
            Console.WriteLine($"--{VerifyStoreEndpoint.AnchorFormat}");
            return false;
        }

        using var host = input.BuildHost();
        await Hosting.StoreSchema.PrepareAsync(host, CancellationToken.None);
        var result = await host.Services.GetRequiredService<Verification>().VerifyStoreAsync(published, CancellationToken.None);
        if (result.FirstBrokenLink is { } broken)
        {
            Console.WriteLine($"BROKEN after {result.EventsChecked} events: agreement {broken.AgreementId}, version {broken.Version} (sequence {broken.Sequence}): {broken.Problem}.");
        }

        if (result.FirstBrokenAnchor is { } brokenAnchor)
        {
            Console.WriteLine($"BROKEN after {result.AnchorsChecked} anchors: anchor {brokenAnchor.Number}: {brokenAnchor.Problem}.");
        }

        if (result.Intact)
        {
            Console.WriteLine(
                $"Intact: {Count(result.EventsChecked, "event")}, each chained to its predecessor; {Count(result.AnchorsChecked, "anchor")}, each chained to the one before it"
                + (published is null ? "" : $", anchor {published.Number} as published")
                + $"; {Count(result.UnsealedEvents, "event")} recorded since the last anchor.");
        }

        return result.Intact;
    }

    private static string Count(long count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";
}
