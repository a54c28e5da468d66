using EventSourcedAgreements.Agreements;

namespace EventSourcedAgreements.Core;

/// <summary>Collects what is wrong with a command's fields, for one 400 answer that names every field.</summary>
public sealed class Input
{
    public const int NameMaxLength = 200;
    public const int CountyMaxLength = 100;
    public const int TextMaxLength = 2000;
    public const int UrlMaxLength = 2048;

    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public static ProblemDetails MissingBody => new Input().Check("body", valid: false, "The request needs a JSON object body.").ToProblem();

    /// <summary>A command's date: required or not, and within the dates the service answers for, as a query's dates are.</summary>
    public Input Date(string field, DateOnly? value, bool required)
    {
        if (value is null)
        {
            if (required)
            {
                Add(field, $"{field} is required.");
            }
        }
        else if (value < Participation.DateQuery.Earliest || value > Participation.DateQuery.Latest)
        {
            Add(field, $"{field} {value:yyyy-MM-dd} is not a date from {Participation.DateQuery.Earliest:yyyy} to {Participation.DateQuery.Latest:yyyy}.");
        }

        return this;
    }

    public Input Text(string field, string? value, int maxLength, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                Add(field, $"{field} is required.");
            }
        }
        else if (value.Length > maxLength)
        {
            Add(field, $"{field} is {value.Length} characters long; the limit is {maxLength}.");
        }
        else if (value.Any(char.IsControl))
        {
            Add(field, $"{field} contains control characters (such as NUL, tabs or line breaks).");
        }
        else if (value.Any(IsInvisible))
        {
            Add(field, $"{field} contains invisible formatting characters (such as bidirectional overrides or zero-width spaces).");
        }

        return this;
    }

    /// <summary><c>recordedAt</c>: an instant with its offset, or a day (its end).</summary>
    public Input Recorded(string? value) =>
        value is null || Participation.QueryTime.TryParseInstant(value, out _) ? this : Check("recordedAt", false, Participation.QueryTime.ExplainInstant("recordedAt", value));

    public Input Url(string field, string? value)
    {
        if (value is null)
        {
            return this;
        }

        if (value.Length > UrlMaxLength)
        {
            Add(field, $"{field} is {value.Length} characters long; the limit is {UrlMaxLength}.");
        }
        else if (value.Any(c => char.IsControl(c) || IsInvisible(c)) || !Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            Add(field, $"{field} must be an absolute http or https URL.");
        }

        return this;
    }

    /// <summary>An MOA as a signing or a renewal gives it: its signing date (required), its link and its expiry (optional).</summary>
    public Input Moa(DateOnly? signedOn, string? moaUrl, DateOnly? expiresOn) =>
        Date("signedOn", signedOn, required: true).Url("moaUrl", moaUrl).Date("expiresOn", expiresOn, required: false);

    public Input Version(int? expectedVersion)
    {
        if (expectedVersion is < 1)
        {
            Add("expectedVersion", "expectedVersion must be 1 or more.");
        }

        return this;
    }

    /// <summary>Each of <paramref name="fields"/> at most once in the query string (a second value would be silently joined to the first).</summary>
    public Input Once(HttpRequest request, params string[] fields)
    {
        foreach (var field in fields)
        {
            Check(field, request.Query[field].Count <= 1, $"{field} is given more than once.");
        }

        return this;
    }

    public Input State(string field, string? value) =>
        Check(field, string.IsNullOrWhiteSpace(value) || Agencies.UsState.TryParse(value, out _), $"'{value}' is not a US state, district or territory (use a USPS code or a full name).");

    public Input Model(string field, string? value) =>
        Check(field, string.IsNullOrWhiteSpace(value) || SupportModels.TryParse(value, out _), $"'{value}' is not a support model: use JEM, WSO or TFM, or their published names.");

    public Input Date(string field, string? value) =>
        Check(field, string.IsNullOrWhiteSpace(value) || Participation.DateQuery.TryParse(value, out _), Participation.DateQuery.Explain(field, value));

    public Input Check(string field, bool valid, string message)
    {
        if (!valid)
        {
            Add(field, message);
        }

        return this;
    }

    public ProblemDetails ToProblem() => errors.Count == 0
        ? WolverineContinue.NoProblems
        : new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Invalid input",
            Detail = string.Join(" ", errors.Values.SelectMany(messages => messages)),
            Type = "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1",
        };

    /// <summary>
    /// Unicode format characters (category Cf): bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069),
    /// zero-width spaces and joiners (U+200B–U+200D, U+2060, U+FEFF), soft hyphens. They show nothing, or reorder what
    /// is shown, so a name holding one reads like another name that it is not.
    /// </summary>
    private static bool IsInvisible(char c) => char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format;

    private void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var messages))
        {
            errors[field] = messages = [];
        }

        messages.Add(message);
    }
}
