using EventSourcedAgreements.Agreements;
using Marten;

namespace EventSourcedAgreements.Agencies;

/// <summary>An agency and every agreement it asked for, oldest request first; its name, state, type and county are the latest recorded.</summary>
public sealed record AgencyDetails(string Id, string State, string Name, AgencyType? Type, string? County, IReadOnlyList<Agreement> Agreements)
{
    /// <summary>The agency as its agreements describe it; <paramref name="agreements"/> must not be empty.</summary>
    public static AgencyDetails From(string id, IEnumerable<Agreement> agreements)
    {
        // Ties broken as PostgreSQL orders uuids (byte by byte, as their text sorts), which Guid.CompareTo does not.
        var ordered = agreements.OrderBy(a => a.RequestedOn).ThenBy(a => a.Id.ToString(), StringComparer.Ordinal).ToList();
        var latest = ordered[^1];
        return new AgencyDetails(
            id,
            latest.State,
            latest.AgencyName,
            ordered.LastOrDefault(a => a.AgencyType is not null)?.AgencyType,
            ordered.LastOrDefault(a => a.County is not null)?.County,
            ordered);
    }

    /// <summary>
    /// The agency <paramref name="agencyId"/> as its agreements' snapshots describe it, current as soon as a command is
    /// acknowledged (the directory's list, an asynchronous projection, can be seconds behind); null when no agreement names it.
    /// </summary>
    public static async Task<AgencyDetails?> LoadAsync(IQuerySession session, string agencyId, CancellationToken cancellationToken)
    {
        var agreements = await session.Query<Agreement>().Where(a => a.AgencyId == agencyId).ToListAsync(cancellationToken);
        return agreements.Count == 0 ? null : From(agencyId, agreements);
    }

    /// <summary>This agency with <paramref name="agreement"/> added, or put in place of its earlier state.</summary>
    public AgencyDetails With(Agreement agreement) => From(Id, Agreements.Where(a => a.Id != agreement.Id).Append(agreement));
}
