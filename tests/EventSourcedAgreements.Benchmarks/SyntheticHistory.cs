using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Agreements;

namespace EventSourcedAgreements.Benchmarks;

/// <summary>One synthetic agreement: its events in order, each with the moment the record learned it.</summary>
public sealed record SyntheticAgreement(Guid Id, string AgencyId, string State, SupportModel Model, IReadOnlyList<(object Event, DateTimeOffset KnownAt)> Events);

/// <summary>
/// A national history made up from a seed, the same every time: <c>agencies</c> agencies spread over the states, each
/// with two or three agreements under different support models (so no two are open for one agency and model), each
/// agreement exactly <c>eventsPerAgreement</c> events long — requested, signed, then amendments, renewals before the
/// MOA expires, suspensions each followed by a reinstatement, and most of them ended by a termination or an expiry —
/// with dates in the order the lifecycle's rules require. The default is the size the performance issue names:
/// 20,000 agencies, 50,000 agreements, 500,000 events.
/// </summary>
public static class SyntheticHistory
{
    public const int DefaultAgencies = 20_000;
    public const int EventsPerAgreement = 10;
    private static readonly DateOnly Earliest = new(2006, 1, 1);
    private static readonly SupportModel[] Models = [SupportModel.JEM, SupportModel.WSO, SupportModel.TFM];

    /// <summary>Two agreements for even agencies, three for odd ones: 2.5 per agency.</summary>
    public static int AgreementsOf(int agency) => 2 + (agency % 2);

    public static IEnumerable<SyntheticAgreement> Generate(int agencies = DefaultAgencies, int seed = 287)
    {
        var random = new Random(seed);
        var states = UsState.All;
        for (var agency = 0; agency < agencies; agency++)
        {
            var state = states[agency % states.Count];
            var name = $"Synthetic County {agency:D5} Sheriff's Office";
            var agencyId = AgencyIdentity.IdFor(state, name);
            for (var n = 0; n < AgreementsOf(agency); n++)
            {
                yield return Made(random, state, name, agencyId, Models[n]);
            }
        }
    }

    private static SyntheticAgreement Made(Random random, UsState state, string name, string agencyId, SupportModel model)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        var id = new Guid(bytes);
        var events = new List<(object, DateTimeOffset)>(EventsPerAgreement);
        var day = Earliest.AddDays(random.Next(0, 365 * 12));
        void Record(object @event) => events.Add((@event, new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero)));

        Record(new AgreementRequested(id, agencyId, state.Code, name, AgencyType.County, null, model, day));
        day = day.AddDays(random.Next(10, 200));
        var signedOn = day;
        var expiresOn = signedOn.AddYears(3);
        Record(new AgreementSigned(signedOn, Link(agencyId, model, signedOn), expiresOn));

        var suspended = false;
        var ends = random.Next(10) switch { < 5 => "terminated", < 7 => "expired", _ => "open" };
        var middle = EventsPerAgreement - 2 - (ends == "open" ? 0 : 1);
        for (var i = 0; i < middle; i++)
        {
            var last = i == middle - 1;
            day = day.AddDays(random.Next(15, 150));
            if (day.AddDays(60) >= expiresOn)
            {
                day = day < expiresOn ? day : expiresOn.AddDays(-1);
                var replaced = signedOn;
                signedOn = day;
                expiresOn = signedOn.AddYears(3);
                Record(new AgreementRenewed(signedOn, Link(agencyId, model, signedOn), expiresOn, replaced));
            }
            else if (suspended)
            {
                Record(new AgreementReinstated(day));
                suspended = false;
            }
            else if ((!last || ends == "open") && random.Next(4) == 0)
            {
                Record(new AgreementSuspended(day, "Synthetic review"));
                suspended = true;
            }
            else
            {
                Record(new AgreementAmended(day, "Synthetic amendment", random.Next(3) == 0 ? Link(agencyId, model, day) : null, null));
            }
        }

        switch (ends)
        {
            case "terminated":
                day = day.AddDays(random.Next(15, 150));
                Record(new AgreementTerminated(day < expiresOn ? day : expiresOn.AddDays(-1), random.Next(2) == 0 ? TerminationInitiator.ICE : TerminationInitiator.Agency, "Synthetic end"));
                break;
            case "expired":
                day = expiresOn;
                Record(new AgreementExpired(expiresOn));
                break;
        }

        return new SyntheticAgreement(id, agencyId, state.Code, model, events);
    }

    private static string Link(string agencyId, SupportModel model, DateOnly on) =>
        $"https://www.ice.gov/doclib/287gMOA/287g{model}_{agencyId}_{on:yyyy-MM-dd}.pdf";
}
