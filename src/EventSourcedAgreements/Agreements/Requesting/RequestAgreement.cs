using System.Security.Claims;
using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Security;
using Marten;

namespace EventSourcedAgreements.Agreements.Requesting;

public sealed record RequestAgreement(
    string? State,
    string? AgencyName,
    string? AgencyType,
    string? County,
    string? Model,
    DateOnly? RequestedOn);

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

    public static NewAgreement From(RequestAgreement command, Guid id)
    {
        if (!UsState.TryParse(command.State, out var state) || !SupportModels.TryParse(command.Model, out var model))
        {
            throw new ArgumentException("Validate the command before deciding on it.", nameof(command));
        }

        return new NewAgreement(
            id,
            state,
            Collapse(command.AgencyName!),
            AgencyTypes.TryParse(command.AgencyType, out var type) ? type : null,
            string.IsNullOrWhiteSpace(command.County) ? null : Collapse(command.County),
            model,
            command.RequestedOn);
    }

    private static string Collapse(string text) => string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

public static class RequestAgreementEndpoint
{
    public static ProblemDetails Validate(RequestAgreement? command, ClaimsPrincipal user)
    {
        if (command is null)
        {
            return Input.MissingBody;
        }

        var invalid = Check(command);
        return ReferenceEquals(invalid, WolverineContinue.NoProblems)
            ? AgencyAccess.Check(user, NewAgreement.From(command, Guid.Empty).AgencyId)
            : invalid;
    }

    public static ProblemDetails Check(RequestAgreement command) =>
        new Input()
            .Text("state", command.State, Input.NameMaxLength, required: true)
            .State("state", command.State)
            .Text("agencyName", command.AgencyName, Input.NameMaxLength, required: true)
            .Check("agencyName", command.AgencyName is null || AgencyIdentity.Slug(command.AgencyName).Length > 0, "agencyName must contain letters or digits.")
            .Text("agencyType", command.AgencyType, Input.NameMaxLength, required: false)
            .Check("agencyType", command.AgencyType is null || AgencyTypes.TryParse(command.AgencyType, out _), $"'{command.AgencyType}' is not an agency type: use County, Municipality, State or Tribal.")
            .Text("county", command.County, Input.CountyMaxLength, required: false)
            .Text("model", command.Model, Input.NameMaxLength, required: true)
            .Model("model", command.Model)
            .Date("requestedOn", command.RequestedOn, required: false)
            .ToProblem();

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
    /// follow it.
    /// </summary>
    [WolverinePost("/api/agreements", OperationId = "RequestAgreement")]
    [Authorize(Roles = $"{Roles.Agency},{Roles.ProgramOfficer}")]
    [ProducesResponseType<AgreementAccepted>(StatusCodes.Status201Created)]
    public static async Task<IResult> Post(RequestAgreement command, IDocumentSession session, TimeProvider time, CancellationToken cancellationToken)
    {
        var request = NewAgreement.From(command, Guid.CreateVersion7());
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
