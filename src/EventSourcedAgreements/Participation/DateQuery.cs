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
