using System.Globalization;
using System.Text;

namespace EventSourcedAgreements.Participation;

/// <summary>
/// RFC 4180 text for the answers asked for with <c>Accept: text/csv</c>, in UTF-8 with a byte order mark (so that a
/// spreadsheet opens curly apostrophes and accents as written) and as a download named after the question
/// (<see cref="FileName"/>).
/// </summary>
public static class Csv
{
    public const string MediaType = "text/csv";

    public static bool IsWanted(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(accept => accept.MediaType.Equals(MediaType, StringComparison.OrdinalIgnoreCase));

    public static IResult Answer(HttpRequest request, string header, IEnumerable<IEnumerable<object?>> rows)
    {
        var csv = new StringBuilder(header).Append("\r\n");
        foreach (var row in rows)
        {
            csv.AppendJoin(',', row.Select(Field)).Append("\r\n");
        }

        byte[] bytes = [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(csv.ToString())];
        return Results.File(bytes, $"{MediaType}; charset=utf-8", FileName(request, "csv"));
    }

    /// <summary>
    /// The question as a file name: the route after <c>/api/</c> and the values asked with, in the order given, each kept
    /// to letters, digits and hyphens, and the extension (<c>/api/participants?asOf=2019-05-20&amp;state=FL</c>:
    /// <c>participants-2019-05-20-FL.csv</c>).
    /// </summary>
    public static string FileName(HttpRequest request, string extension)
    {
        var parts = request.Path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries).SkipWhile(segment => segment == "api")
            .Concat(request.Query.SelectMany(parameter => parameter.Value).OfType<string>())
            .Select(part => new string([.. part.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '-')]).Trim('-'))
            .Where(part => part.Length > 0);
        var name = string.Join('-', parts);
        return $"{(name.Length > 120 ? name[..120] : name)}.{extension}";
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
