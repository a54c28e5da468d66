namespace EventSourcedAgreements.Officers;

/// <summary>The officer events, as concrete types: what the readers of officer streams ask the store for (the webhooks' kinds).</summary>
public static class OfficerEvents
{
    /// <summary>Every <see cref="IOfficerEvent"/> of the service, by name.</summary>
    public static readonly IReadOnlyList<Type> Types =
        [.. typeof(IOfficerEvent).Assembly.GetTypes().Where(type => type.IsClass && type.IsAssignableTo(typeof(IOfficerEvent))).OrderBy(type => type.Name, StringComparer.Ordinal)];
}
