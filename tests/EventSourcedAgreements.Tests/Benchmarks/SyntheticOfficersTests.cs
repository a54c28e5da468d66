using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Benchmarks;
using EventSourcedAgreements.Core;
using EventSourcedAgreements.Officers.Authority;
using EventSourcedAgreements.Officers.FollowingTheAgreement;
using Microsoft.AspNetCore.Mvc;

namespace EventSourcedAgreements.Tests.Benchmarks;

public sealed class SyntheticOfficersTests
{
    private static readonly IReadOnlyList<SyntheticAgreement> National = [.. SyntheticHistory.Generate()];

    private static readonly IReadOnlyList<SyntheticOfficer> Officers = [.. SyntheticOfficers.Generate(National)];

    private static string Fingerprint(IEnumerable<SyntheticOfficer> officers) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', officers.SelectMany(o =>
            o.Events.Select(e => $"{o.Id} {e.KnownAt:O} {e.Source} {e.Event.GetType().Name} {JsonSerializer.Serialize(e.Event, e.Event.GetType())}"))))));

    [Fact]
    public void the_national_history_has_about_ten_officer_events_per_agreement_and_a_person_per_officer()
    {
        var events = SyntheticOfficers.CountEvents(Officers);
        events.ShouldBeInRange(475_000, 525_000);
        Officers.Select(o => o.Id).Distinct().Count().ShouldBe(Officers.Count);
        Officers.Select(o => ((OfficerNominated)o.Events[0].Event).PersonKey).Distinct().Count().ShouldBe(Officers.Count);
        Officers.SelectMany(o => o.Events).Max(e => ((IOfficerEvent)e.Event).BusinessDate).ShouldBeLessThanOrEqualTo(SyntheticOfficers.Horizon);
    }

    [Fact]
    public void the_same_seed_makes_the_same_officers_and_another_seed_others()
    {
        var agreements = SyntheticHistory.Generate(agencies: 300).ToList();
        Fingerprint(SyntheticOfficers.Generate(agreements)).ShouldBe(Fingerprint(SyntheticOfficers.Generate(agreements)));
        Fingerprint(SyntheticOfficers.Generate(agreements, seed: 1)).ShouldNotBe(Fingerprint(SyntheticOfficers.Generate(agreements)));
    }

    /// <summary>
    /// Every officer event, replayed with its agreement's events in the order the record learned them, is what the
    /// service's decision gives on the record as it then stood: each command's Decide accepts it (its date as today), and
    /// each lapse and restoration is what FollowAgreement decides; at the end the handler has nothing left to do.
    /// </summary>
    [Fact]
    public void every_officer_event_is_one_the_service_decides_on_the_record_as_it_then_stood()
    {
        var faults = new List<string>();
        var ends = new Dictionary<OfficerStatus, int>();
        var kinds = new Dictionary<string, int>();
        var byAgreement = Officers.ToLookup(o => o.AgreementId);
        foreach (var synthetic in National)
        {
            var requested = (AgreementRequested)synthetic.Events[0].Event;
            var agreement = Agreement.Start(requested);
            var officers = new Dictionary<Guid, Officer>();
            var timeline = synthetic.Events.Skip(1).Select(e => (e.KnownAt, Order: 0, Officer: (SyntheticOfficer?)null, e.Event))
                .Concat(byAgreement[synthetic.Id].SelectMany(o => o.Events.Select(e => (e.KnownAt, Order: 1, Officer: (SyntheticOfficer?)o, e.Event))))
                .OrderBy(e => e.KnownAt).ThenBy(e => e.Order);
            foreach (var (knownAt, _, owner, @event) in timeline)
            {
                if (owner is null)
                {
                    agreement = agreement.Next(@event);
                    continue;
                }

                var today = DateOnly.FromDateTime(knownAt.UtcDateTime);
                var officer = officers.GetValueOrDefault(owner.Id);
                var decided = Decided(@event, officer, agreement, today);
                kinds[@event.GetType().Name] = kinds.GetValueOrDefault(@event.GetType().Name) + 1;
                if (decided.Problem is { } problem)
                {
                    faults.Add($"{owner.Id} {@event}: {problem.Detail}");
                }
                else if (!decided.Events.SequenceEqual([@event]))
                {
                    faults.Add($"{owner.Id} {@event}: the service decides {string.Join(", ", decided.Events)}");
                }

                officers[owner.Id] = officer is null ? Officer.Create((OfficerNominated)@event) : officer.Next(@event);
            }

            foreach (var officer in officers.Values)
            {
                ends[officer.Status] = ends.GetValueOrDefault(officer.Status) + 1;
                if (FollowAgreementHandler.Decide(officer, agreement) is { } left)
                {
                    faults.Add($"{officer.Id}: FollowAgreement would still append {left}");
                }
            }
        }

        faults.Take(20).ShouldBeEmpty();
        faults.Count.ShouldBe(0);
        ends.Keys.ShouldBe(Enum.GetValues<OfficerStatus>(), ignoreOrder: true);
        kinds.Keys.Count.ShouldBe(OfficerEvents.Types.Count);
        kinds[nameof(AuthorityLapsedWithAgreement)].ShouldBeGreaterThan(20_000);
        kinds[nameof(AuthorityRestoredWithAgreement)].ShouldBeGreaterThan(1_000);
    }

    [Fact]
    public void the_ideal_tables_replay_gives_the_stretches_the_services_authority_projection_writes()
    {
        var faults = new List<string>();
        foreach (var officer in Officers.Take(20_000))
        {
            var events = officer.Events.Select((e, i) => (JasperFx.Events.IEvent)new JasperFx.Events.Event<object>(e.Event) { Version = i + 1 }).ToList();
            for (var i = 0; i < events.Count; i++)
            {
                events[i].SetHeader(EventSourcedAgreements.Participation.Knowledge.KnownAtHeader, officer.Events[i].KnownAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            }

            var projected = AuthorityPeriods.Rows(events).Where(r => r.KnownTo is null).Select(r => (r.EffectiveFrom, r.EffectiveTo)).Order().ToList();
            var replayed = IdealOfficerTable.Stretches(officer).Order().ToList();
            if (!projected.SequenceEqual(replayed))
            {
                faults.Add($"{officer.Id}: projected {string.Join(", ", projected)}, replayed {string.Join(", ", replayed)}");
            }
        }

        faults.ShouldBeEmpty();
    }

    private static Decision Decided(object @event, Officer? officer, Agreement agreement, DateOnly today) => (@event, officer) switch
    {
        (OfficerNominated e, null) => NominateOfficerEndpoint.Decide(e.OfficerId, new NominateOfficer("Synthetic Officer", null, e.NominatedOn), e.PersonKey, agreement, null, today),
        (BackgroundInvestigationCompleted e, { } o) => RecordInvestigationEndpoint.Decide(new RecordInvestigation(e.CompletedOn, e.Passed ? "Passed" : "Failed", e.CitizenshipConfirmed, o.Version), o, today),
        (TrainingCompleted e, { } o) => RecordTrainingEndpoint.Decide(new RecordTraining(e.CompletedOn, e.Course.ToString(), e.Location, o.Version), o, today),
        (OfficerCertified e, { } o) => CertifyOfficerEndpoint.Decide(new CertifyOfficer(e.CertifiedOn, o.Version), o, agreement, null, today),
        (AuthoritySuspended e, { } o) => SuspendAuthorityEndpoint.Decide(new SuspendAuthority(e.EffectiveOn, e.Reason, o.Version), o, today),
        (AuthorityReinstated e, { } o) => ReinstateAuthorityEndpoint.Decide(new ReinstateAuthority(e.EffectiveOn, o.Version), o, agreement, null, today),
        (AuthorityRevoked e, { } o) => RevokeAuthorityEndpoint.Decide(new RevokeAuthority(e.EffectiveOn, e.Reason, o.Version), o, today),
        (OfficerSeparated e, { } o) => SeparateOfficerEndpoint.Decide(new SeparateOfficer(e.EffectiveOn, e.Reason, o.Version), o, today),
        (AuthorityLapsedWithAgreement or AuthorityRestoredWithAgreement, { } o) => FollowAgreementHandler.Decide(o, agreement) is { } follow
            ? Decision.Accept(follow)
            : Decision.Reject(new ProblemDetails { Detail = $"FollowAgreement decides nothing: officer {o.Status}, agreement {agreement.Status}" }),
        _ => Decision.Reject(new ProblemDetails { Detail = $"{@event.GetType().Name} does not fit an officer {officer?.Status.ToString() ?? "not nominated"}" }),
    };
}
