using System.Globalization;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Officers;
using EventSourcedAgreements.Participation;
using Marten;

namespace EventSourcedAgreements.Benchmarks;

/// <summary>
/// Records a synthetic history the way the service records facts: through Marten sessions, so that the agreement
/// snapshots and the participation tables are projected inline, each event carrying its own <c>known-at</c>.
/// </summary>
public static class HistoryLoader
{
    public const string Source = "synthetic history";

    public static async Task<int> LoadAsync(IDocumentStore store, IEnumerable<SyntheticAgreement> agreements, int agreementsPerTransaction = 250, CancellationToken cancellationToken = default)
    {
        var events = 0;
        foreach (var batch in agreements.Chunk(agreementsPerTransaction))
        {
            await using var session = store.LightweightSession();
            foreach (var agreement in batch)
            {
                var stream = session.Events.StartStream<Agreement>(agreement.Id, [.. agreement.Events.Select(e => e.Event)]);
                for (var i = 0; i < agreement.Events.Count; i++)
                {
                    stream.Events[i].SetHeader(Knowledge.KnownAtHeader, agreement.Events[i].KnownAt.ToString("O", CultureInfo.InvariantCulture));
                    stream.Events[i].SetHeader(Knowledge.SourceHeader, Source);
                }

                events += agreement.Events.Count;
            }

            await session.SaveChangesAsync(cancellationToken);
        }

        return events;
    }

    /// <summary>
    /// Records synthetic officers the same way, <paramref name="officersPerTransaction"/> officer streams per session, so
    /// that the officer snapshots and <c>officer_authority_periods</c> are projected inline; each event carries its own
    /// known-at and source (the handler's events that of the service following the agreement).
    /// </summary>
    public static async Task<int> LoadOfficersAsync(IDocumentStore store, IEnumerable<SyntheticOfficer> officers, int officersPerTransaction = 500, CancellationToken cancellationToken = default)
    {
        var events = 0;
        foreach (var batch in officers.Chunk(officersPerTransaction))
        {
            await using var session = store.LightweightSession();
            foreach (var officer in batch)
            {
                var stream = session.Events.StartStream<Officer>(officer.Id, [.. officer.Events.Select(e => e.Event)]);
                for (var i = 0; i < officer.Events.Count; i++)
                {
                    stream.Events[i].SetHeader(Knowledge.KnownAtHeader, officer.Events[i].KnownAt.ToString("O", CultureInfo.InvariantCulture));
                    stream.Events[i].SetHeader(Knowledge.SourceHeader, officer.Events[i].Source);
                }

                events += officer.Events.Count;
            }

            await session.SaveChangesAsync(cancellationToken);
        }

        return events;
    }
}
