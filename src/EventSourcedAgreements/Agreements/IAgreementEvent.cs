namespace EventSourcedAgreements.Agreements;

/// <summary>
/// An event of an agreement's stream: what the history, the projections and the webhooks read of any of them. Each
/// event implements it explicitly (the members are not stored or sent: the event's JSON stays its own fields), so a new
/// event does not compile without its business date, and <c>EventCatalogTests</c> fails until the fold and the
/// projections handle it.
/// </summary>
public interface IAgreementEvent
{
    /// <summary>The date the event is about in the world (a signing date, an effective date), apart from when the record learned it.</summary>
    DateOnly BusinessDate { get; }

    /// <summary>The reason or summary the event gives, if it gives one.</summary>
    string? Reason => null;
}
