using System.Globalization;

namespace EventSourcedAgreements.Participation;

/// <summary>Dates in queries: <c>YYYY-MM-DD</c>, or <c>YYYY-MM</c> meaning the last day of that month.</summary>
public static class DateQuery
{
    public static bool TryParse(string? text, out DateOnly date)
    {
        var trimmed = text?.Trim();
        if (DateOnly.TryParseExact(trimmed, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return true;
        }

        if (DateOnly.TryParseExact(trimmed, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            date = month.AddMonths(1).AddDays(-1);
            return true;
        }

        return false;
    }

    public static string Explain(string field, string? text) =>
        $"{field} '{text}' is not a date: use YYYY-MM-DD, or YYYY-MM for the last day of that month.";
}
