namespace EventSourcedAgreements.Officers;

/// <summary>
/// An event of a designated immigration officer's stream: what the officer's history, projections and webhooks read
/// of it, said by the event itself (implemented explicitly, so the stored JSON holds the event's own fields only). Never
/// an <see cref="Agreements.IAgreementEvent"/>: the readers of agreement streams ask for those by type and leave officer
/// streams alone.
/// </summary>
public interface IOfficerEvent
{
    /// <summary>The date the event is about in the world (a nomination, a course completed, an effective date), apart from when the record learned it.</summary>
    DateOnly BusinessDate { get; }

    /// <summary>The reason the event gives, if it gives one.</summary>
    string? Reason => null;
}
