using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using static EventSourcedAgreements.Security.Roles;

namespace EventSourcedAgreements.Agreements.GettingHistory;

public sealed record HistoryEntry(long Version, string Type, DateOnly BusinessDate, DateTimeOffset RecordedAt, string? Actor, object Data);

public static class GetHistoryEndpoint
{
    public static DateOnly BusinessDate(object @event) => @event switch
    {
        AgreementRequested e => e.RequestedOn,
        AgreementSigned e => e.SignedOn,
        AgreementAmended e => e.EffectiveOn,
        AgreementRenewed e => e.SignedOn,
        AgreementSuspended e => e.EffectiveOn,
        AgreementReinstated e => e.EffectiveOn,
        AgreementTerminated e => e.EffectiveOn,
        AgreementExpired e => e.EffectiveOn,
        RequestWithdrawn e => e.WithdrawnOn,
        RequestRejected e => e.RejectedOn,
        AgreementDelisted e => e.FirstMissingOn,
        SigningDateCorrected e => e.CorrectedOn,
        MoaLinkChanged e => e.ChangedOn,
        _ => throw new ArgumentException($"{@event.GetType().Name} is not an agreement event.", nameof(@event)),
    };

    [WolverineGet("/api/agreements/{id}/history")]
    [Authorize(Roles = $"{ProgramOfficer},{Auditor}")]
    [ProducesResponseType<IReadOnlyList<HistoryEntry>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(Guid id, IQuerySession session, CancellationToken cancellationToken)
    {
        var events = await session.Events.FetchStreamAsync(id, token: cancellationToken);
        if (events.Count == 0)
        {
            return Results.Problem(NotFound.Agreement(id));
        }

        return Results.Ok(events
            .Select(e => new HistoryEntry(e.Version, e.EventType.Name, BusinessDate(e.Data), e.Timestamp, e.UserName, e.Data))
            .ToList());
    }
}
