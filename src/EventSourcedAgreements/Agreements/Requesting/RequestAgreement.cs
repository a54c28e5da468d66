using System.Security.Claims;
using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Security;
using Marten;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EventSourcedAgreements.Agreements.Requesting;

/// <summary>
/// A request to join. <see cref="State"/> and <see cref="AgencyName"/> name the agency: the program office always names
/// it; an agency's clerk may leave them out once the record knows the agency its token names (<see cref="Asker"/>).
/// </summary>
public sealed record RequestAgreement(
    [MayBeOmitted] string? State,
    [MayBeOmitted] string? AgencyName,
    [MayBeOmitted] string? AgencyType,
    [MayBeOmitted] string? County,
    string? Model,
    [MayBeOmitted] DateOnly? RequestedOn);

/// <summary>
/// Who asks for an agreement: the program office, for whatever agency the request names; or an agency's clerk, for the
/// agency its token names (<see cref="AgencyId"/>, null when the token names none), as the record knows it
/// (<see cref="Known"/>: its name and state), or not yet, when this is its first request.
/// </summary>
public sealed record Asker(bool ForAnyAgency, string? AgencyId, AgencyDetails? Known)
{
    public static Asker ProgramOffice { get; } = new(ForAnyAgency: true, AgencyId: null, Known: null);

    /// <summary>Whether the request must name the agency itself: the record cannot name it for the asker.</summary>
    public bool MustNameTheAgency => Known is null;

    /// <summary>The state and name the request is for: those it gives, else those the record knows for the token's agency.</summary>
    public (UsState State, string Name)? AgencyOf(RequestAgreement command)
    {
        var state = string.IsNullOrWhiteSpace(command.State) ? Known?.State : command.State;
        var name = string.IsNullOrWhiteSpace(command.AgencyName) ? Known?.Name : command.AgencyName;
        return UsState.TryParse(state, out var parsed) && name is not null ? (parsed, name) : null;
    }

    /// <summary>The 403 when an agency's token names no agency; no problems otherwise.</summary>
    public ProblemDetails Unidentified() =>
        ForAnyAgency || AgencyId is not null ? WolverineContinue.NoProblems : Refusal("The token has the agency role but no agency claim, so it speaks for no agency.");

    /// <summary>The 403 when an agency's clerk asks on behalf of an agency other than the one the token names; no problems otherwise.</summary>
    public ProblemDetails Refusal(RequestAgreement command)
    {
        if (ForAnyAgency || AgencyOf(command) is not var (state, name))
        {
            return WolverineContinue.NoProblems;
        }

        var asked = AgencyIdentity.IdFor(state, name);
        if (string.Equals(asked, AgencyId, StringComparison.Ordinal))
        {
            return WolverineContinue.NoProblems;
        }

        var whose = Known is null
            ? $"This token is for agency {AgencyId}, which has no agreement on record yet"
            : $"This token is for {Known.Name} ({AgencyId})";
        var advice = Known is null
            ? "its first request names its state and agencyName as they make its id."
            : "leave out state and agencyName, and the token's agency asks.";
        return Refusal($"{whose}; it cannot ask on behalf of {name}, {state.Code} ({asked}): {advice}");
    }

    private static ProblemDetails Refusal(string detail) => new()
    {
        Status = StatusCodes.Status403Forbidden,
        Title = "Not your agency",
        Detail = detail,
        Type = "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.4",
    };
}

public sealed record NewAgreement(
    Guid Id,
    UsState State,
    string AgencyName,
    AgencyType? AgencyType,
    string? County,
    SupportModel Model,
    DateOnly? RequestedOn)
{
    public string AgencyId => AgencyIdentity.IdFor(State, AgencyName);

    public static NewAgreement From(RequestAgreement command, Asker asker, Guid id)
    {
        if (asker.AgencyOf(command) is not var (state, name) || !SupportModels.TryParse(command.Model, out var model))
        {
            throw new ArgumentException("Validate the command before deciding on it.", nameof(command));
        }

        return new NewAgreement(
            id,
            state,
            Collapse(name),
            AgencyTypes.TryParse(command.AgencyType, out var type) ? type : null,
            string.IsNullOrWhiteSpace(command.County) ? null : Collapse(command.County),
            model,
            command.RequestedOn);
    }

    private static string Collapse(string text) => string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

public static class RequestAgreementEndpoint
{
    /// <summary>Who asks (<see cref="Asker"/>): the program office, or the agency the token names, as the record knows it.</summary>
    public static async Task<Asker> LoadAsync(ClaimsPrincipal user, IDocumentSession session, CancellationToken cancellationToken)
    {
        if (user.IsInRole(ProgramOfficer) || !user.IsInRole(Agency))
        {
            return Asker.ProgramOffice;
        }

        var agencyId = user.FindFirstValue(ClaimNames.Agency);
        return string.IsNullOrEmpty(agencyId)
            ? new Asker(ForAnyAgency: false, AgencyId: null, Known: null)
            : new Asker(ForAnyAgency: false, agencyId, await AgencyDetails.LoadAsync(session, agencyId, cancellationToken));
    }

    public static ProblemDetails Validate(RequestAgreement? command, Asker asker)
    {
        if (command is null)
        {
            return Input.MissingBody;
        }

        if (asker.Unidentified() is var unidentified && !ReferenceEquals(unidentified, WolverineContinue.NoProblems))
        {
            return unidentified;
        }

        var invalid = Check(command, asker);
        return ReferenceEquals(invalid, WolverineContinue.NoProblems) ? asker.Refusal(command) : invalid;
    }

    public static ProblemDetails Check(RequestAgreement command, Asker asker) =>
        new Input()
            .Text("state", command.State, Input.NameMaxLength, required: false)
            .Check("state", !asker.MustNameTheAgency || !string.IsNullOrWhiteSpace(command.State), NameRequired("state", asker))
            .State("state", command.State)
            .Text("agencyName", command.AgencyName, Input.NameMaxLength, required: false)
            .Check("agencyName", !asker.MustNameTheAgency || !string.IsNullOrWhiteSpace(command.AgencyName), NameRequired("agencyName", asker))
            .Check("agencyName", command.AgencyName is null || AgencyIdentity.Slug(command.AgencyName).Length > 0, "agencyName must contain letters or digits.")
            .Text("agencyType", command.AgencyType, Input.NameMaxLength, required: false)
            .Check("agencyType", command.AgencyType is null || AgencyTypes.TryParse(command.AgencyType, out _), $"'{command.AgencyType}' is not an agency type: use County, Municipality, State or Tribal.")
            .Text("county", command.County, Input.CountyMaxLength, required: false)
            .Text("model", command.Model, Input.NameMaxLength, required: true)
            .Model("model", command.Model)
            .Date("requestedOn", command.RequestedOn, required: false)
            .ToProblem();

    private static string NameRequired(string field, Asker asker) => asker.ForAnyAgency
        ? $"{field} is required."
        : $"{field} is required: agency {asker.AgencyId} has no agreement on record yet, so its first request names its state and agencyName.";

    public static Decision Decide(NewAgreement request, Agreement? openForSameModel, DateOnly today)
    {
        var requestedOn = request.RequestedOn ?? today;
        return Rules.Decide(
            () => Decision.Accept(new AgreementRequested(
                request.Id,
                request.AgencyId,
                request.State.Code,
                request.AgencyName,
                request.AgencyType,
                request.County,
                request.Model,
                requestedOn)),
            Rules.OnOrBeforeToday(requestedOn, "requestedOn", today),
            openForSameModel is null
                ? null
                : Problems.Conflict(
                    "Open agreement exists",
                    $"Agency {request.AgencyId} already holds {request.Model} agreement {openForSameModel.Id}, which is {openForSameModel.Status}; an agency holds at most one open agreement per support model."));
    }

    /// <summary>
    /// An agency asks to join the 287(g) program under a support model (JEM, WSO or TFM): the new request's id, to
    /// follow it. An agency's clerk may leave out <c>state</c> and <c>agencyName</c> once the record knows the agency the
    /// token names (its name and state are taken from there); a first request names them, and they must make the
    /// token's agency id. The program office always names the agency.
    /// </summary>
    [WolverinePost("/api/agreements", OperationId = "RequestAgreement")]
    [Authorize(Roles = $"{Roles.Agency},{Roles.ProgramOfficer}")]
    [ProducesResponseType<AgreementAccepted>(StatusCodes.Status201Created)]
    public static async Task<IResult> Post(RequestAgreement command, Asker asker, IDocumentSession session, TimeProvider time, CancellationToken cancellationToken)
    {
        var request = NewAgreement.From(command, asker, Guid.CreateVersion7());
        var open = await session.Query<Agreement>()
            .Where(a => a.AgencyId == request.AgencyId && a.Model == request.Model && a.Status.IsOneOf(Agreement.OpenStatuses))
            .FirstOrDefaultAsync(cancellationToken);

        var decision = Decide(request, open, Today.From(time));
        if (decision.Problem is { } problem)
        {
            return Results.Problem(problem);
        }

        session.Events.StartStream<Agreement>(request.Id, [.. decision.Events]);
        var created = Agreement.Start((AgreementRequested)decision.Events[0]);
        return Results.Created($"/api/agreements/{created.Id}", AgreementAccepted.After(created));
    }
}

/// <summary>
/// What the request's fields mean for who sends it: only <c>model</c> is required (<see cref="MayBeOmittedAttribute"/>);
/// the agency's names may be left out by a clerk of an agency on record, and the program office always gives them.
/// </summary>
public sealed class RequestAgreementSchema : IOpenApiSchemaTransformer
{
    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        ["state"] = "The agency's state: a USPS code or a name. The program office always gives it; an agency's clerk may leave it out once the record knows the agency the token names (its state is taken from there), and gives it on the agency's first request.",
        ["agencyName"] = "The agency's name. As `state`: the program office always gives it; an agency's clerk may leave it out once the agency is on record. Given by a clerk, `state` and `agencyName` must make the token's agency id, else a 403.",
        ["model"] = "The support model: JEM, WSO or TFM, or its published name.",
    };

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type != typeof(RequestAgreement) || schema.Properties is null)
        {
            return Task.CompletedTask;
        }

        foreach (var (name, description) in Descriptions)
        {
            if (schema.Properties.TryGetValue(name, out var property) && property is OpenApiSchema field)
            {
                field.Description = description;
            }
        }

        return Task.CompletedTask;
    }
}
