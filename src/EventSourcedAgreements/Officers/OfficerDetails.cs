using Marten;

namespace EventSourcedAgreements.Officers;

/// <summary>An officer as the agency and the program office read it: the record, and who the officer is (null once the identity is no longer held).</summary>
public sealed record OfficerDetails(Officer Officer, string? Name, string? BadgeNumber)
{
    public static async Task<IReadOnlyList<OfficerDetails>> ReadAsync(IQuerySession session, IReadOnlyList<Officer> officers, CancellationToken cancellationToken)
    {
        var identities = (await session.LoadManyAsync<OfficerIdentity>(cancellationToken, officers.Select(o => o.Id)))
            .ToDictionary(identity => identity.Id);
        return [.. officers.Select(o => identities.TryGetValue(o.Id, out var identity)
            ? new OfficerDetails(o, identity.Name, identity.BadgeNumber)
            : new OfficerDetails(o, Name: null, BadgeNumber: null))];
    }
}
