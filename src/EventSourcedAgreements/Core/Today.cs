namespace EventSourcedAgreements.Core;

public static class Today
{
    public static DateOnly From(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
}
