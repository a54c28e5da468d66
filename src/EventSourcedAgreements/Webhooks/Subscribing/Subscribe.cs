using System.Security.Claims;
using System.Text.RegularExpressions;
using EventSourcedAgreements.Hosting;
using EventSourcedAgreements.Security;
using EventSourcedAgreements.Webhooks.Delivering;
using Marten;

namespace EventSourcedAgreements.Webhooks.Subscribing;

/// <summary>Register a receiver (<c>url</c>) for the events named (event type names, or <c>*</c>) of one agency's agreements, or of every agency's for the program office, signed with <c>secret</c>.</summary>
public sealed record Subscribe(string? Url, IReadOnlyList<string>? Events, string? Secret, [MayBeOmitted] string? AgencyId);

public static partial class SubscribeEndpoint
{
    public const int SecretMinLength = 16;
    public const int SecretMaxLength = 256;
    public const int MaxEvents = 32;

    public static ProblemDetails Validate(Subscribe? command, WebhookSettings settings)
    {
        if (command is null)
        {
            return Input.MissingBody;
        }

        var events = command.Events ?? [];
        var invalid = new Input()
            .Text("url", command.Url, Input.UrlMaxLength, required: true)
            .Url("url", command.Url)
            .Check("events", events.Count is > 0 and <= MaxEvents, $"events lists from 1 to {MaxEvents} event types, or [\"{WebhookKinds.Every}\"] for all.")
            .Check(
                "events",
                events.All(e => e is not null && (e == WebhookKinds.Every || WebhookKinds.All.Contains(e))),
                $"events may name only {string.Join(", ", WebhookKinds.All.Order(StringComparer.Ordinal))} (or {WebhookKinds.Every} for all).")
            .Check("events", events.Distinct().Count() == events.Count, "events names an event type twice.")
            .Check(
                "secret",
                command.Secret is { Length: >= SecretMinLength and <= SecretMaxLength } secret && secret.All(char.IsAsciiLetterOrDigit),
                $"secret is required: {SecretMinLength} to {SecretMaxLength} letters or digits (A-Z, a-z, 0-9), known only to you and the service.")
            .Text("agencyId", command.AgencyId, Input.NameMaxLength, required: false)
            .Check("agencyId", command.AgencyId is null || AgencyIdPattern().IsMatch(command.AgencyId), $"'{command.AgencyId}' is not an agency id (such as fl-hernando-county-sheriffs-office).")
            .ToProblem();
        if (!ReferenceEquals(invalid, WolverineContinue.NoProblems))
        {
            return invalid;
        }

        return WebhookTargets.Refusal(new Uri(command.Url!), settings) is { } refusal
            ? new ProblemDetails
            {
                Status = StatusCodes.Status422UnprocessableEntity,
                Title = "Receiver not allowed",
                Detail = refusal,
                Type = "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.21",
            }
            : WolverineContinue.NoProblems;
    }

    /// <summary>An agency subscribes to its own agreements only; the program office to one agency's, or to all.</summary>
    public static ProblemDetails Before(Subscribe command, ClaimsPrincipal user) =>
        user.IsInRole(ProgramOfficer)
            ? WolverineContinue.NoProblems
            : AgencyAccess.Check(user, command.AgencyId ?? user.FindFirstValue(ClaimNames.Agency) ?? string.Empty);

    public static WebhookSubscription Decide(Subscribe command, Guid id, ClaimsPrincipal user, DateTimeOffset now, long lastSequence) => new(
        id,
        command.Url!,
        [.. command.Events!],
        user.IsInRole(ProgramOfficer) ? command.AgencyId : user.FindFirstValue(ClaimNames.Agency),
        command.Secret!,
        user.Identity?.Name ?? "unknown",
        now,
        lastSequence);

    /// <summary>
    /// Subscribes a receiver URL to the events of one agency's agreements (the program office may leave the agency out, for
    /// all), of the kinds it names (<c>["*"]</c> for all): each delivery is signed with the secret given, and carries ids
    /// and counts, never names.
    /// </summary>
    [WolverinePost("/api/subscriptions", OperationId = "Subscribe")]
    [Authorize(Roles = $"{ProgramOfficer},{Roles.Agency}")]
    [ProducesResponseType<SubscriptionView>(StatusCodes.Status201Created)]
    public static async Task<IResult> Post(Subscribe command, ClaimsPrincipal user, IDocumentSession session, TimeProvider clock, CancellationToken cancellationToken)
    {
        // The events from now on: those past the daemon's high-water mark (every event below it has committed), so an event
        // whose command is committing at this very moment is delivered rather than lost; the store's last event before
        // the daemon has run.
        var lastSequence = (await session.QueryAsync<long>(
            $"select coalesce((select last_seq_id from {EventStoreFeature.Schema}.mt_event_progression where name = 'HighWaterMark'), (select max(seq_id) from {EventStoreFeature.Schema}.mt_events), 0)",
            cancellationToken)).Single();
        var subscription = Decide(command, Guid.CreateVersion7(), user, clock.GetUtcNow(), lastSequence);
        session.Insert(subscription);
        return Results.Created($"/api/subscriptions/{subscription.Id}", SubscriptionView.From(subscription));
    }

    [GeneratedRegex("^[a-z]{2}-[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex AgencyIdPattern();
}
