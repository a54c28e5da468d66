using EventSourcedAgreements.Agreements;
using Marten;

namespace EventSourcedAgreements.Officers;

/// <summary>What an officer's command reads of the agreement the officer serves under, and of the same person's other records.</summary>
public static class OfficerAgreement
{
    /// <summary>
    /// The officer's agreement, its stream row locked until the command's transaction ends: a termination or suspension
    /// recorded meanwhile waits for this command, or this command sees it (under READ COMMITTED a plain read would not).
    /// </summary>
    public static async Task<Agreement> LockAsync(IDocumentSession session, Officer officer, CancellationToken cancellationToken) =>
        (await session.Events.FetchForExclusiveWriting<Agreement>(officer.AgreementId, cancellationToken)).Aggregate
        ?? throw new InvalidOperationException($"Officer {officer.Id} names agreement {officer.AgreementId}, which the record does not hold.");

    /// <summary>The same person's record under another agreement of the agency that holds authority (authorized or suspended), if any.</summary>
    public static Task<Officer?> AuthorityElsewhereAsync(IQuerySession session, Officer officer, CancellationToken cancellationToken) =>
        session.Query<Officer>()
            .Where(o => o.AgencyId == officer.AgencyId && o.PersonKey == officer.PersonKey && o.Id != officer.Id && o.Status.IsOneOf(Officer.AuthorityStatuses))
            .FirstOrDefaultAsync(cancellationToken);
}
