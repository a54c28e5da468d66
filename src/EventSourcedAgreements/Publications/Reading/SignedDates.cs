using System.Globalization;
using System.Text.RegularExpressions;

namespace EventSourcedAgreements.Publications.Reading;

internal sealed record DateReading(DateOnly? Date, string? Note)
{
    public static DateReading Read(DateOnly date, string? interpretation = null) => new(date, interpretation);

    public static DateReading Unreadable(string reason) => new(null, reason);
}

internal static partial class SignedDates
{
    private static readonly DateOnly DayBefore1900 = new(1899, 12, 31);
    private static readonly DateOnly Epoch1904 = new(1904, 1, 1);
    private const int FictitiousFebruary29th1900 = 60;
    private const int LastSerial1900 = 2_958_465;
    private const int LastSerial1904 = 2_957_003;

    private static readonly string[] TextFormats = ["yyyy-MM-dd", "M/d/yyyy", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF"];

    public static DateReading FromText(string? text)
    {
        var collapsed = PublishedFields.Collapse(text);
        if (DateOnly.TryParseExact(collapsed, TextFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return DateReading.Read(date);
        }

        var missingSlash = MonthDayWithoutSlashBeforeYear().Match(collapsed);
        if (missingSlash.Success
            && DateOnly.TryParseExact(
                $"{missingSlash.Groups["month"].Value}/{missingSlash.Groups["day"].Value}/{missingSlash.Groups["year"].Value}",
                "M/d/yyyy",
                CultureInfo.InvariantCulture,
                DateTimeStyles.None,
                out date))
        {
            return DateReading.Read(date, $"SIGNED '{collapsed}' read as {Iso(date)} (slash missing before the year)");
        }

        return DateReading.Unreadable($"unreadable SIGNED '{collapsed}'");
    }

    public static DateReading FromExcelSerial(double serial, bool date1904)
    {
        var shown = serial.ToString(CultureInfo.InvariantCulture);
        var whole = Math.Floor(serial);
        if (!double.IsFinite(serial) || whole < 1 || whole > (date1904 ? LastSerial1904 : LastSerial1900)
            || (!date1904 && whole == FictitiousFebruary29th1900))
        {
            return DateReading.Unreadable($"unreadable SIGNED '{shown}' (not an Excel date)");
        }

        var days = (int)whole;
        var date = date1904 ? Epoch1904.AddDays(days)
            : days < FictitiousFebruary29th1900 ? DayBefore1900.AddDays(days)
            : DayBefore1900.AddDays(days - 1);
        return DateReading.Read(date);
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<month>\d{1,2})/(?<day>\d{1,2})(?<year>\d{4})$")]
    private static partial Regex MonthDayWithoutSlashBeforeYear();
}
