using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Participation;
using JasperFx;
using Marten;
using Wolverine.Attributes;

namespace EventSourcedAgreements.Officers.FollowingTheAgreement;

/// <summary>The officers of agreement <paramref name="AgreementId"/> follow what its record now says (a durable message, as the deadlines are).</summary>
public sealed record FollowAgreement(Guid AgreementId);

/// <summary>
/// Authority exists only while the agreement is in force: when the agreement is suspended, every authorized officer's
/// authority is suspended with it, from its date, and its reinstatement restores those (only those: an officer the
/// program office suspended stays suspended); when it ends (terminated, expired, delisted), every authority under it
/// lapses on the agreement's effective date. The officers follow the agreement's record as it stands when the message
/// is handled, so a message handled twice, or late, records each change once.
/// </summary>
public static class FollowAgreementHandler
{
    public const string Source = "agreement";

    /// <summary>What the officer's record says after the agreement's (a pure decision): nothing when the two agree.</summary>
    public static IOfficerEvent? Decide(Officer officer, Agreement agreement) => (agreement.Status, officer.Status) switch
    {
        (AgreementStatus.Active, OfficerStatus.Suspended) when officer.SuspendedWithAgreement =>
            new AuthorityRestoredWithAgreement(agreement.LastReinstatedOn ?? officer.LastChangeOn ?? officer.NominatedOn),
        (AgreementStatus.Suspended, OfficerStatus.Authorized) =>
            new AuthorityLapsedWithAgreement(agreement.SuspendedOn ?? officer.LastChangeOn ?? officer.NominatedOn, AgreementStatus.Suspended),
        (AgreementStatus.Terminated or AgreementStatus.Expired or AgreementStatus.Delisted, OfficerStatus.Authorized or OfficerStatus.Suspended) =>
            new AuthorityLapsedWithAgreement(agreement.EndedOn ?? officer.LastChangeOn ?? officer.NominatedOn, agreement.Status),
        _ => null,
    };

    /// <summary>
    /// Appends each officer's change at the version it was decided on: an officer command that got there first makes the
    /// append fail, and the message is handled again on the record as it then stands.
    /// </summary>
    [RetryNow(typeof(ConcurrencyException), 50, 100, 250, 500)]
    public static async Task Handle(FollowAgreement message, IDocumentSession session, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<Agreement>(message.AgreementId, cancellationToken) is not { } agreement)
        {
            return;
        }

        var officers = await session.Query<Officer>()
            .Where(o => o.AgreementId == message.AgreementId && o.Status.IsOneOf(Officer.AuthorityStatuses))
            .ToListAsync(cancellationToken);
        var changes = officers.Select(officer => (Officer: officer, Change: Decide(officer, agreement))).Where(c => c.Change is not null).ToList();
        if (changes.Count == 0)
        {
            return;
        }

        Knowledge.RecordAs(session, clock.GetUtcNow(), Source);
        session.LastModifiedBy = Source;
        foreach (var (officer, change) in changes)
        {
            session.Events.Append(officer.Id, officer.Version + 1, change!);
        }
    }
}
