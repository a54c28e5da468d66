using Microsoft.Net.Http.Headers;

namespace EventSourcedAgreements.Agreements;

/// <summary>What a command answers: the agreement's id, its status and the version to send as <c>expectedVersion</c> next.</summary>
public sealed record AgreementAccepted(Guid Id, AgreementStatus Status, int Version)
{
    public static AgreementAccepted After(Agreement agreement) => new(agreement.Id, agreement.Status, agreement.Version);
}

public static class DecisionResults
{
    /// <summary>
    /// Turns a decision on <paramref name="agreement"/> into the HTTP answer and the events to append; an
    /// <c>If-Match</c> precondition is checked first, against the version the decision was made on.
    /// </summary>
    public static (IResult, Events) Respond(this Agreement agreement, Decision decision, string? ifMatch = null)
    {
        if ((EntityTags.Precondition(ifMatch, agreement.Version) ?? decision.Problem) is { } problem)
        {
            return (Results.Problem(problem), []);
        }

        var after = decision.Events.Aggregate(agreement, (current, @event) => current.Next(@event));
        return (EntityTags.Tagged(Results.Ok(AgreementAccepted.After(after)), after.Version), [.. decision.Events]);
    }
}

/// <summary>An agreement's entity tag is its version, <c>"7"</c>: answered in <c>ETag</c>, honoured in <c>If-Match</c> and <c>If-None-Match</c>.</summary>
public static class EntityTags
{
    public static string Of(int version) => $"\"{version}\"";

    public static IResult Tagged(IResult result, int version) => new TaggedResult(result, Of(version));

    /// <summary>None when <c>If-Match</c> is absent, <c>*</c>, or names the version by a strong tag; else a 412 (or a 400 for a header that is no list of tags).</summary>
    public static ProblemDetails? Precondition(string? ifMatch, int version, string record = "agreement")
    {
        if (string.IsNullOrWhiteSpace(ifMatch) || ifMatch.Trim() == "*")
        {
            return null;
        }

        if (!EntityTagHeaderValue.TryParseStrictList([ifMatch], out var tags))
        {
            return new Input().Check("If-Match", false, $"If-Match is a list of entity tags such as \"7\" (the {record}'s version, as answered in ETag), or *.").ToProblem();
        }

        return tags.Any(tag => !tag.IsWeak && tag.Tag == Of(version))
            ? null
            : new ProblemDetails
            {
                Status = StatusCodes.Status412PreconditionFailed,
                Title = "Precondition failed",
                Detail = $"The {record} is at version {version} (ETag {Of(version)}), not the one If-Match names ({ifMatch}); reload it and decide again.",
                Type = "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.13",
            };
    }

    /// <summary>Whether <c>If-None-Match</c> already names the current version (a 304 then).</summary>
    public static bool Unchanged(string? ifNoneMatch, int version) =>
        !string.IsNullOrWhiteSpace(ifNoneMatch)
        && EntityTagHeaderValue.TryParseList([ifNoneMatch], out var tags)
        && tags.Any(tag => tag.Tag == Of(version) || tag == EntityTagHeaderValue.Any);

    private sealed class TaggedResult(IResult inner, string tag) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.ETag = tag;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
