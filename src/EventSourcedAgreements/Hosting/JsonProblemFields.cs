using System.Text.RegularExpressions;

namespace EventSourcedAgreements.Hosting;

/// <summary>
/// Wolverine answers an unreadable body with a 400 whose detail carries the JSON path; this adds the field by name
/// to <c>errors</c>, as the validation answers do, so every 400 names its field the same way.
/// </summary>
public static partial class JsonProblemFields
{
    /// <summary>All the service does to a ProblemDetails before it is written.</summary>
    public static void Customize(ProblemDetailsContext context)
    {
        Name(context);
        HideInternals(context);
    }

    /// <summary>
    /// A server error says that it happened and how to find it in the logs (its trace id), never what failed inside:
    /// no exception, stack trace or message that could carry a connection string.
    /// </summary>
    public static void HideInternals(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Status is not >= 500 || problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            return;
        }

        foreach (var key in problem.Extensions.Keys.Where(key => key != "traceId").ToList())
        {
            problem.Extensions.Remove(key);
        }

        problem.Detail = problem.Status == StatusCodes.Status504GatewayTimeout
            ? "The request took longer than the service allows; nothing is recorded unless the record shows it."
            : "The service failed to answer this request; the failure is logged under this trace id.";
    }

    public static void Name(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Status != StatusCodes.Status400BadRequest || problem.Detail is null || problem.Extensions.ContainsKey("errors"))
        {
            return;
        }

        var read = problem.Detail;
        if (problem.Title == "Invalid JSON format")
        {
            problem.Type = "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1";
            problem.Detail = DotNetTypeName().Replace(problem.Detail, "could not be read");
            problem.Detail = ReaderInternals().Replace(problem.Detail, ". Send standard JSON: no comments, no trailing commas. ");
            problem.Detail = Position().Replace(problem.Detail, match =>
                $"(at line {int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture) + 1}, byte {int.Parse(match.Groups["byte"].Value, System.Globalization.CultureInfo.InvariantCulture) + 1}{(match.Groups["path"].Value is "$" or "" ? "" : $", in {match.Groups["path"].Value.TrimStart('$', '.')}")})");
            if (UnknownOrRepeated().Match(problem.Detail) is { Success: true } member)
            {
                var name = member.Groups["field"].Value;
                name = name.Length > 100 ? name[..100] + "…" : name;
                var message = member.Groups["unknown"].Success ? $"{name} is not a field of this request." : $"{name} is given more than once.";
                problem.Detail = message;
                problem.Extensions["errors"] = new Dictionary<string, string[]> { [name] = [message] };
                return;
            }
        }

        var path = JsonPath().Match(read);
        if (!path.Success)
        {
            return;
        }

        var field = path.Groups["field"].Value;
        problem.Extensions["errors"] = new Dictionary<string, string[]>
        {
            [field] = [$"{field} could not be read: dates are YYYY-MM-DD calendar dates, numbers are whole numbers, texts are strings."],
        };
    }

    [GeneratedRegex(@"^(?:(?<unknown>The JSON property)|Duplicate property) '(?<field>.*)' (?:could not be mapped to any \.NET member contained in|encountered during deserialization of) type '[^']*'\.$", RegexOptions.Singleline)]
    private static partial Regex UnknownOrRepeated();

    [GeneratedRegex(@"could not be converted to [A-Za-z0-9_.`\[\]]+")]
    private static partial Regex DotNetTypeName();

    /// <summary>The parser's advice to its programmer ("Change the reader options."), which a caller cannot act on.</summary>
    [GeneratedRegex(@"\.?\s*(?:which is not supported in this mode\.\s*)?Change the reader options\.\s*")]
    private static partial Regex ReaderInternals();

    /// <summary>The parser's position, zero-based ("Path: $.signedOn | LineNumber: 0 | BytePositionInLine: 14."), said for a person.</summary>
    [GeneratedRegex(@"Path: (?<path>\$[^ |]*) \| LineNumber: (?<line>\d+) \| BytePositionInLine: (?<byte>\d+)\.")]
    private static partial Regex Position();

    [GeneratedRegex(@"Path: \$\.(?<field>[A-Za-z0-9_]+)")]
    private static partial Regex JsonPath();
}
