using System.Globalization;
using EventSourcedAgreements.Deadlines;
using Marten;

namespace EventSourcedAgreements.Agreements.Expiring;

/// <summary>
/// The agreements in force (active or suspended) whose MOA expires within <c>within</c> days of today (90 by default),
/// soonest first: what needs renewing. Today is the service's clock; the list is the agreements' current snapshots.
/// </summary>
public static class ListExpiringEndpoint
{
    public const int DefaultWindow = 90;
    public const int MaxWindow = 3650;

    public static ProblemDetails Validate(string? within, HttpRequest request) =>
        new Input()
            .Once(request, "within")
            .Check(
                "within",
                string.IsNullOrEmpty(within) || Days(within) is not null,
                $"within is a number of days, a whole number from 1 to {MaxWindow}.")
            .ToProblem();

    /// <summary>
    /// The agreements in force whose MOA expires within <c>within</c> days from today (90 unless told), soonest first.
    /// </summary>
    [WolverineGet("/api/agreements/expiring", OperationId = "ListExpiringAgreements")]
    [ProducesResponseType<IReadOnlyList<Agreement>>(StatusCodes.Status200OK)]
    public static async Task<IReadOnlyList<Agreement>> Get(string? within, IQuerySession session, TimeProvider time, CancellationToken cancellationToken)
    {
        var today = Today.From(time);
        var until = today.AddDays(string.IsNullOrEmpty(within) ? DefaultWindow : Days(within)!.Value);
        DateOnly? from = today;
        return await session.InForceExpiringBy(until)
            .Where(a => a.ExpiresOn >= from)
            .OrderBy(a => a.ExpiresOn)
            .ThenBy(a => a.Id)
            .ToListAsync(cancellationToken);
    }

    private static int? Days(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days is >= 1 and <= MaxWindow ? days : null;
}
