using System.Globalization;
using System.Text.Json;
using JasperFx.Events;
using Marten;

namespace EventSourcedAgreements.Participation;

/// <summary>
/// The knowledge axis: when the record came to hold an event. A command is known from the moment it is recorded;
/// a fact taken from a publication from that publication's date. Stored as the <c>known-at</c> event header.
/// </summary>
public static class Knowledge
{
    public const string KnownAtHeader = "known-at";
    public const string SourceHeader = "source";
    public const string RoleHeader = "actor-role";
    public const string CommandSource = "command";
    public const string PublicationSourcePrefix = "publication ";

    public static void RecordAs(IDocumentSession session, DateTimeOffset knownAt, string source)
    {
        session.SetHeader(KnownAtHeader, Stamp(knownAt));
        session.SetHeader(SourceHeader, source);
    }

    public static string Stamp(DateTimeOffset knownAt) => knownAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset KnownAt(IEvent @event) =>
        @event.Headers?.TryGetValue(KnownAtHeader, out var value) == true
            ? value switch
            {
                DateTimeOffset instant => instant.ToUniversalTime(),
                DateTime { Kind: DateTimeKind.Unspecified } instant => new DateTimeOffset(DateTime.SpecifyKind(instant, DateTimeKind.Utc)),
                DateTime instant => new DateTimeOffset(instant.ToUniversalTime()),
                _ => KnownAt(Text(value)!),
            }
            : @event.Timestamp;

    /// <summary>The known-at header as stored (text, to the tick: PostgreSQL's <c>timestamptz</c> keeps microseconds only).</summary>
    public static DateTimeOffset KnownAt(string header) =>
        DateTimeOffset.Parse(header, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static string Source(IEvent @event) => HeaderText(@event, SourceHeader) ?? CommandSource;

    /// <summary>The source a list's events carry: its date, file and hash.</summary>
    public static string PublicationSource(DateOnly publishedOn, string fileName, string sha256) =>
        $"{PublicationSourcePrefix}{publishedOn:yyyy-MM-dd} {fileName} sha256:{sha256}";

    /// <summary>An event a published list restates (what it showed), rather than one a command or the service decided.</summary>
    public static bool FromList(IEvent @event) => Source(@event).StartsWith(PublicationSourcePrefix, StringComparison.Ordinal);

    /// <summary>The order the record learned them in: known-at, then the order they were recorded.</summary>
    public static IOrderedEnumerable<IEvent> InKnowledgeOrder(this IEnumerable<IEvent> events) =>
        events.OrderBy(KnownAt).ThenBy(e => e.Version);

    public static string? HeaderText(IEvent @event, string header) =>
        @event.Headers?.TryGetValue(header, out var value) == true ? Text(value) : null;

    /// <summary>The last instant of day <paramref name="day"/> (UTC): "known at a date" means known by the end of it.</summary>
    public static DateTimeOffset EndOf(DateOnly day) =>
        new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddTicks(-1);

    public static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static string? Text(object? value) => value switch
    {
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } element => element.GetString(),
        _ => value?.ToString(),
    };
}

/// <summary>
/// Every command endpoint records, on what it appends, the moment it is recorded (its knowledge time), the request's
/// correlation id, the request that caused it, and the role the actor acted in.
/// </summary>
public static class CommandKnowledge
{
    public static void Before(IDocumentSession session, TimeProvider time, HttpContext context)
    {
        Knowledge.RecordAs(session, time.GetUtcNow(), Knowledge.CommandSource);
        session.CorrelationId = Hosting.Correlation.Of(context);
        session.CausationId = $"{context.Request.Method} {context.Request.Path}";
        if (RolesOf(context.User) is { } roles)
        {
            session.SetHeader(Knowledge.RoleHeader, roles);
        }
    }

    /// <summary>The service's roles <paramref name="user"/> holds, comma-separated, as the events record them; null for none.</summary>
    public static string? RolesOf(System.Security.Claims.ClaimsPrincipal user) =>
        Security.Roles.All.Where(user.IsInRole).ToArray() is { Length: > 0 } roles ? string.Join(',', roles) : null;
}
