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
    public const string CommandSource = "command";

    public static void RecordAs(IDocumentSession session, DateTimeOffset knownAt, string source)
    {
        session.SetHeader(KnownAtHeader, knownAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        session.SetHeader(SourceHeader, source);
    }

    public static DateTimeOffset KnownAt(IEvent @event) =>
        @event.Headers?.TryGetValue(KnownAtHeader, out var value) == true
            ? value switch
            {
                DateTimeOffset instant => instant.ToUniversalTime(),
                DateTime { Kind: DateTimeKind.Unspecified } instant => new DateTimeOffset(DateTime.SpecifyKind(instant, DateTimeKind.Utc)),
                DateTime instant => new DateTimeOffset(instant.ToUniversalTime()),
                _ => DateTimeOffset.Parse(Text(value)!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
            }
            : @event.Timestamp;

    public static string Source(IEvent @event) =>
        @event.Headers?.TryGetValue(SourceHeader, out var value) == true && Text(value) is { } text ? text : CommandSource;

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

/// <summary>Every command endpoint records the moment it is recorded as the knowledge time of what it appends.</summary>
public static class CommandKnowledge
{
    public static void Before(IDocumentSession session, TimeProvider time) =>
        Knowledge.RecordAs(session, time.GetUtcNow(), Knowledge.CommandSource);
}
