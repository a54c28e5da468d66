using System.Text.RegularExpressions;

namespace EventSourcedAgreements.Hosting;

/// <summary>
/// Wolverine answers an unreadable body with a 400 whose detail carries the JSON path; this adds the field by name
/// to <c>errors</c>, as the validation answers do, so every 400 names its field the same way.
/// </summary>
public static partial class JsonProblemFields
{
    public static void Name(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Status != StatusCodes.Status400BadRequest || problem.Detail is null || problem.Extensions.ContainsKey("errors"))
        {
            return;
        }

        var path = JsonPath().Match(problem.Detail);
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

    [GeneratedRegex(@"Path: \$\.(?<field>[A-Za-z0-9_]+)")]
    private static partial Regex JsonPath();
}
