using System.Security.Claims;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Security;
using Marten;

namespace EventSourcedAgreements.Officers.Nominating;

/// <summary>The agency nominates one of its officers under the agreement: the name (and badge number) as the agency knows the officer, and the day.</summary>
public sealed record NominateOfficer(string? Name, [MayBeOmitted] string? BadgeNumber, DateOnly? NominatedOn);

public static class NominateOfficerEndpoint
{
    public const int BadgeNumberMaxLength = 50;

    public static ProblemDetails Validate(NominateOfficer? command) =>
        command is null ? Input.MissingBody : new Input()
            .Text("name", command.Name, Input.NameMaxLength, required: true)
            .Check("name", command.Name is null || command.Name.Any(char.IsLetter), "name must contain letters.")
            .Text("badgeNumber", command.BadgeNumber, BadgeNumberMaxLength, required: false)
            .Date("nominatedOn", command.NominatedOn, required: true)
            .ToProblem();

    /// <summary>
    /// A nomination under <paramref name="agreement"/>, for the person <paramref name="personKey"/> of its agency;
    /// <paramref name="openUnderAgreement"/> is that person's nomination under the same agreement not ended, if any.
    /// </summary>
    public static Decision Decide(Guid officerId, NominateOfficer command, string personKey, Agreement agreement, Officer? openUnderAgreement, DateOnly today)
    {
        var nominatedOn = command.NominatedOn!.Value;
        return Rules.Decide(
            () => Decision.Accept(new OfficerNominated(officerId, agreement.Id, agreement.AgencyId, agreement.State, agreement.Model, nominatedOn, personKey)),
            OfficerRules.NominationOpen(agreement),
            OfficerRules.NotNominatedAlready(agreement.Id, openUnderAgreement),
            Rules.OnOrAfter(nominatedOn, "nominatedOn", agreement.RequestedOn, "the agreement's request of"),
            Rules.OnOrBeforeToday(nominatedOn, "nominatedOn", today));
    }

    /// <summary>
    /// The agency nominates one of its officers under the agreement, by name (and badge number), on <c>nominatedOn</c>:
    /// the new officer's id, to follow the officer through clearance, training and certification.
    /// </summary>
    [WolverinePost("/api/agreements/{id}/officers", OperationId = "NominateOfficer")]
    [Authorize(Roles = $"{Roles.Agency},{ProgramOfficer}")]
    [ProducesResponseType<OfficerAccepted>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Post(NominateOfficer command, Guid id, ClaimsPrincipal user, IDocumentSession session, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<Agreement>(id, cancellationToken) is not { } agreement)
        {
            return Results.Problem(NotFound.Agreement(id));
        }

        if (AgencyAccess.Refusal(user, agreement.AgencyId) is { } refused)
        {
            return Results.Problem(refused);
        }

        var name = Collapse(command.Name!);
        var badgeNumber = string.IsNullOrWhiteSpace(command.BadgeNumber) ? null : command.BadgeNumber.Trim();
        var personKey = await OfficerIdentity.PersonKeyAsync(session, agreement.AgencyId, name, badgeNumber, cancellationToken);
        var open = await session.Query<Officer>()
            .Where(o => o.AgreementId == id && o.PersonKey == personKey && !o.Status.IsOneOf(Officer.ClosedStatuses))
            .FirstOrDefaultAsync(cancellationToken);

        var officerId = Guid.CreateVersion7();
        var decision = Decide(officerId, command, personKey, agreement, open, Today.From(time));
        if (decision.Problem is { } problem)
        {
            return Results.Problem(problem);
        }

        session.Events.StartStream<Officer>(officerId, [.. decision.Events]);
        session.Store(new OfficerIdentity(officerId, agreement.AgencyId, name, badgeNumber, personKey));
        return Results.Created($"/api/officers/{officerId}", OfficerAccepted.After(Officer.Create((OfficerNominated)decision.Events[0])));
    }

    private static string Collapse(string text) => string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
