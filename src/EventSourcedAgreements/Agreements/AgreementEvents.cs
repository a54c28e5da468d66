namespace EventSourcedAgreements.Agreements;

/// <summary>
/// The agreement events, as concrete types: what the readers of agreement streams ask the store for (the inline
/// snapshot, the agency directory, the imports' view of the record, the webhooks' kinds), so that streams of another
/// kind in the same store (an officer's) are not read as agreements. Concrete types, because Marten builds its SQL
/// filter on event types only when none of them is an interface.
/// </summary>
public static class AgreementEvents
{
    /// <summary>Every <see cref="IAgreementEvent"/> of the service, by name.</summary>
    public static readonly IReadOnlyList<Type> Types =
        [.. typeof(IAgreementEvent).Assembly.GetTypes().Where(type => type.IsClass && type.IsAssignableTo(typeof(IAgreementEvent))).OrderBy(type => type.Name, StringComparer.Ordinal)];
}
