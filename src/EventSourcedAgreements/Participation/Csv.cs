using System.Globalization;
using System.Text;

namespace EventSourcedAgreements.Participation;

/// <summary>RFC 4180 text for the answers asked for with <c>Accept: text/csv</c>.</summary>
public static class Csv
{
    public const string MediaType = "text/csv";

    public static bool IsWanted(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(accept => accept.MediaType.Equals(MediaType, StringComparison.OrdinalIgnoreCase));

    public static IResult Answer(string header, IEnumerable<IEnumerable<object?>> rows)
    {
        var csv = new StringBuilder(header).Append("\r\n");
        foreach (var row in rows)
        {
            csv.AppendJoin(',', row.Select(Field)).Append("\r\n");
        }

        return Results.Text(csv.ToString(), MediaType, Encoding.UTF8);
    }

    private static string Field(object? value)
    {
        var text = value switch
        {
            null => string.Empty,
            DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? string.Empty,
        };
        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
    }
}
