using System.Globalization;

namespace EventSourcedAgreements.Participation;

/// <summary>
/// Dates in queries: <c>YYYY-MM-DD</c>, or <c>YYYY-MM</c> meaning the last day of that month ("as of May 2019"),
/// or its first day where the date opens a range (<c>from</c>).
/// </summary>
public static class DateQuery
{
    public static bool TryParseStart(string? text, out DateOnly date)
    {
        var isMonth = text?.Trim().Length == 7;
        var parsed = TryParse(text, out date);
        if (parsed && isMonth)
        {
            date = new DateOnly(date.Year, date.Month, 1);
        }

        return parsed;
    }

    /// <summary>Dates the service answers for; beyond them the calendar arithmetic of a query would overflow.</summary>
    public static readonly DateOnly Earliest = new(1900, 1, 1);

    public static readonly DateOnly Latest = new(2999, 12, 31);

    public static bool TryParse(string? text, out DateOnly date)
    {
        var trimmed = text?.Trim();
        if (DateOnly.TryParseExact(trimmed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return date >= Earliest && date <= Latest;
        }

        if (DateOnly.TryParseExact(trimmed, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) && month >= Earliest && month <= Latest)
        {
            date = month.AddMonths(1).AddDays(-1);
            return true;
        }

        return false;
    }

    /// <summary>For a value <c>Validate</c> already accepted.</summary>
    public static DateOnly Parse(string? text) => TryParse(text, out var date) ? date : throw new FormatException(Explain("date", text));

    public static DateOnly ParseStart(string? text) => TryParseStart(text, out var date) ? date : throw new FormatException(Explain("date", text));

    public static string Explain(string field, string? text) =>
        $"{field} '{text}' is not a date from 1900 to 2999: use YYYY-MM-DD, or YYYY-MM for the last day of that month.";
}

/// <summary>
/// The two axes a question asks at besides the effective date: <see cref="KnownAt"/> (source time, <c>knownAt</c>, by
/// default the moment asked about) and <see cref="RecordedAt"/> (system time, <c>recordedAt</c>: answer exactly as the
/// service answered then, from what it had recorded by then; null for now). <see cref="Now"/> is the moment asked about.
/// </summary>
public sealed record QueryTime(DateTimeOffset KnownAt, DateTimeOffset? RecordedAt, DateTimeOffset Now)
{
    public DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);

    public static QueryTime From(string? knownAt, string? recordedAt, TimeProvider time)
    {
        DateTimeOffset? recorded = TryParseInstant(recordedAt, out var instant) ? instant : null;
        var now = recorded ?? time.GetUtcNow();
        return new QueryTime(DateQuery.TryParse(knownAt, out var known) ? Knowledge.EndOf(known) : now, recorded, now);
    }

    /// <summary>An instant with its offset (<c>2026-12-07T05:00:00Z</c>), or a day (<c>YYYY-MM-DD</c>, <c>YYYY-MM</c>): its end.</summary>
    public static bool TryParseInstant(string? text, out DateTimeOffset instant)
    {
        if (DateQuery.TryParse(text, out var day))
        {
            instant = Knowledge.EndOf(day);
            return true;
        }

        var trimmed = text?.Trim();
        return DateTimeOffset.TryParse(trimmed, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out instant)
            && trimmed!.Contains('T', StringComparison.Ordinal)
            && (trimmed.EndsWith('Z') || trimmed.LastIndexOfAny(['+', '-']) > trimmed.IndexOf('T', StringComparison.Ordinal))
            && instant.Year is >= 1900 and <= 2999;
    }

    public static string ExplainInstant(string field, string? text) =>
        $"{field} '{text}' is not a moment: use an ISO 8601 instant with its offset (2026-12-07T05:00:00Z), or a day (YYYY-MM-DD) for its end.";

    /// <summary>The SQL that keeps the rows the service answered from at <see cref="RecordedAt"/> (all the current ones when null), with <c>@recordedAt</c>.</summary>
    public const string RecordedFilter = "recorded @> coalesce(@recordedAt::timestamptz, 'infinity'::timestamptz)";

    public object RecordedParameter => (object?)RecordedAt ?? DBNull.Value;
}
