using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Benchmarks;
using EventSourcedAgreements.Core;
using EventSourcedAgreements.Deadlines;
using EventSourcedAgreements.Officers.Authority;
using EventSourcedAgreements.Officers.FollowingTheAgreement;
using EventSourcedAgreements.Officers.Refreshing;
using EventSourcedAgreements.Participation;
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
    /// service's decision gives on the record as it then stood: each command's Decide accepts it (its date as today, and a
    /// refresher that gives the authority back is the two events RecordTraining decides), each lapse and restoration is what
    /// FollowAgreement decides, and each suspension for an overdue refresher is what the refresher deadline decides, known
    /// when it runs (at the start of the overdue day, or at once when authority came back after it). No authorized officer
    /// stays overdue longer than the deadline takes, and at the end the handler has nothing left to do and no authorized
    /// officer is overdue by the last day of the history.
    /// </summary>
    [Fact]
    public void every_officer_event_is_one_the_service_decides_on_the_record_as_it_then_stood()
    {
        var settings = SyntheticOfficers.Settings;
        var faults = new List<string>();
        var ends = new Dictionary<OfficerStatus, int>();
        var kinds = new Dictionary<string, int>();
        var (restoringRefreshers, deadlinesAtOnce) = (0, 0);
        var byAgreement = Officers.ToLookup(o => o.AgreementId);
        foreach (var synthetic in National)
        {
            var requested = (AgreementRequested)synthetic.Events[0].Event;
            var agreement = Agreement.Start(requested);
            var officers = new Dictionary<Guid, Officer>();
            var decidedNext = new Dictionary<Guid, Queue<object>>();
            var deadlines = new Dictionary<Guid, (RefresherOverdue Due, DateTimeOffset RunsAt)>();
            var timeline = synthetic.Events.Skip(1).Select(e => (e.KnownAt, Order: 0, Officer: (SyntheticOfficer?)null, e.Event, Source: HistoryLoader.Source))
                .Concat(byAgreement[synthetic.Id].SelectMany(o => o.Events.Select(e => (e.KnownAt, Order: 1, Officer: (SyntheticOfficer?)o, e.Event, e.Source))))
                .OrderBy(e => e.KnownAt).ThenBy(e => e.Order);
            foreach (var (knownAt, _, owner, @event, source) in timeline)
            {
                foreach (var (id, (due, runsAt)) in deadlines.Where(d => knownAt > d.Value.RunsAt.AddMinutes(5)).ToList())
                {
                    faults.Add($"{id}: authorized with no refresher since {due.RefreshedOn}, still authorized at {knownAt:O}, after the deadline ran at {runsAt:O}");
                    deadlines.Remove(id);
                }

                if (owner is null)
                {
                    agreement = agreement.Next(@event);
                    continue;
                }

                var today = DateOnly.FromDateTime(knownAt.UtcDateTime);
                var officer = officers.GetValueOrDefault(owner.Id);
                kinds[@event.GetType().Name] = kinds.GetValueOrDefault(@event.GetType().Name) + 1;
                var expectedSource = @event switch
                {
                    AuthoritySuspendedForRefresher => Deadline.Source,
                    AuthorityLapsedWithAgreement or AuthorityRestoredWithAgreement => FollowAgreementHandler.Source,
                    _ => HistoryLoader.Source,
                };
                if (source != expectedSource)
                {
                    faults.Add($"{owner.Id} {@event}: recorded from {source}, not {expectedSource}");
                }

                if (decidedNext.GetValueOrDefault(owner.Id) is { Count: > 0 } rest)
                {
                    if (!rest.Dequeue().Equals(@event))
                    {
                        faults.Add($"{owner.Id} {@event}: not the next event of the decision before it");
                    }
                }
                else
                {
                    var decided = Decided(@event, officer, agreement, today, settings);
                    if (decided.Problem is { } problem)
                    {
                        faults.Add($"{owner.Id} {@event}: {problem.Detail}");
                    }
                    else if (!decided.Events.SequenceEqual(owner.Events.SkipWhile(e => !ReferenceEquals(e.Event, @event)).Take(decided.Events.Count).Where(e => e.KnownAt == knownAt).Select(e => e.Event)))
                    {
                        faults.Add($"{owner.Id} {@event}: the service decides {string.Join(", ", decided.Events)}");
                    }
                    else
                    {
                        decidedNext[owner.Id] = new Queue<object>(decided.Events.Skip(1));
                        restoringRefreshers += decided.Events.Count > 1 ? 1 : 0;
                    }

                    if (@event is AuthoritySuspendedForRefresher && officer is not null && deadlines.GetValueOrDefault(officer.Id) is { RunsAt: var runsAt })
                    {
                        deadlinesAtOnce += runsAt > Knowledge.StartOf(today) ? 1 : 0;
                        if (knownAt < runsAt)
                        {
                            faults.Add($"{owner.Id} {@event}: known at {knownAt:O}, before the deadline runs at {runsAt:O}");
                        }
                    }
                }

                var after = officer is null ? Officer.Create((OfficerNominated)@event) : officer.Next(@event);
                officers[owner.Id] = after;

                // The deadline as the service schedules it after this event: at the start of its day, or at once when that day has come.
                var next = RefresherOverdue.For(after, settings);
                if (next is null)
                {
                    deadlines.Remove(owner.Id);
                }
                else if (deadlines.GetValueOrDefault(owner.Id).Due != next)
                {
                    deadlines[owner.Id] = (next, Knowledge.StartOf(next.DueOn) > knownAt ? Knowledge.StartOf(next.DueOn) : knownAt);
                }
            }

            foreach (var officer in officers.Values)
            {
                ends[officer.Status] = ends.GetValueOrDefault(officer.Status) + 1;
                if (FollowAgreementHandler.Decide(officer, agreement) is { } left)
                {
                    faults.Add($"{officer.Id}: FollowAgreement would still append {left}");
                }

                if (RefresherOverdue.For(officer, settings) is { } due && due.DueOn <= SyntheticOfficers.Horizon)
                {
                    faults.Add($"{officer.Id}: authorized at the end with its refresher overdue from {due.DueOn}");
                }
            }
        }

        faults.Take(20).ShouldBeEmpty();
        faults.Count.ShouldBe(0);
        ends.Keys.ShouldBe(Enum.GetValues<OfficerStatus>(), ignoreOrder: true);
        // Every kind of officer event but a correction, which the synthetic history does not make.
        kinds.Keys.ShouldBe(OfficerEvents.Types.Select(type => type.Name).Where(name => name != nameof(OfficerDateCorrected)), ignoreOrder: true);
        kinds[nameof(AuthorityLapsedWithAgreement)].ShouldBeGreaterThan(20_000);
        kinds[nameof(AuthorityRestoredWithAgreement)].ShouldBeGreaterThan(1_000);
        kinds[nameof(AuthoritySuspendedForRefresher)].ShouldBeInRange(kinds[nameof(OfficerCertified)] * 2 / 100, kinds[nameof(OfficerCertified)] * 5 / 100);
        restoringRefreshers.ShouldBeGreaterThan(kinds[nameof(AuthoritySuspendedForRefresher)] / 3);
        deadlinesAtOnce.ShouldBeGreaterThan(10);
    }

    [Fact]
    public void the_ideal_tables_replay_gives_the_stretches_the_services_authority_projection_writes()
    {
        var faults = Officers.Select(Compared).OfType<string>().ToList();

        faults.ShouldBeEmpty();
    }

    /// <summary>
    /// What the synthetic history never has (its officers' commands stop before their agreement's end): a suspension for
    /// an overdue refresher dated after the termination the record learned later. Both replays end the stretch at the termination.
    /// </summary>
    [Fact]
    public void the_ideal_tables_replay_ends_a_stretch_suspended_after_a_termination_learned_late_at_the_termination()
    {
        var id = Guid.NewGuid();
        var known = new DateTimeOffset(2020, 1, 1, 15, 0, 0, TimeSpan.Zero);
        var officer = new SyntheticOfficer(id, Guid.NewGuid(), "fl-agency", "FL", SupportModel.JEM,
        [
            (new OfficerNominated(id, Guid.NewGuid(), "fl-agency", "FL", SupportModel.JEM, new DateOnly(2019, 6, 1), "person"), known.AddDays(-200), HistoryLoader.Source),
            (new BackgroundInvestigationCompleted(new DateOnly(2019, 8, 1), true, true), known.AddDays(-150), HistoryLoader.Source),
            (new TrainingCompleted(new DateOnly(2019, 9, 1), Course.JEM, "ICE Academy"), known.AddDays(-120), HistoryLoader.Source),
            (new OfficerCertified(new DateOnly(2020, 1, 1), SupportModel.JEM), known, HistoryLoader.Source),
            (new AuthoritySuspendedForRefresher(new DateOnly(2021, 3, 31), new DateOnly(2020, 1, 1)), new DateTimeOffset(2021, 3, 31, 0, 0, 0, TimeSpan.Zero), Deadline.Source),
            (new AuthorityLapsedWithAgreement(new DateOnly(2021, 3, 15), AgreementStatus.Terminated), new DateTimeOffset(2021, 4, 20, 12, 1, 0, TimeSpan.Zero), FollowAgreementHandler.Source),
        ]);

        IdealOfficerTable.Stretches(officer).ShouldBe([(new DateOnly(2020, 1, 1), (DateOnly?)new DateOnly(2021, 3, 15))]);
        Compared(officer).ShouldBeNull();
    }

    /// <summary>Where the ideal table's replay and the service's projection (its rows as now known) differ for <paramref name="officer"/>; null when they agree.</summary>
    private static string? Compared(SyntheticOfficer officer)
    {
        var events = officer.Events.Select((e, i) => (JasperFx.Events.IEvent)new JasperFx.Events.Event<object>(e.Event) { Version = i + 1 }).ToList();
        for (var i = 0; i < events.Count; i++)
        {
            events[i].SetHeader(Knowledge.KnownAtHeader, officer.Events[i].KnownAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        }

        var projected = AuthorityPeriods.Rows(events).Where(r => r.KnownTo is null).Select(r => (r.EffectiveFrom, r.EffectiveTo)).Order().ToList();
        var replayed = IdealOfficerTable.Stretches(officer).Order().ToList();
        return projected.SequenceEqual(replayed) ? null : $"{officer.Id}: projected {string.Join(", ", projected)}, replayed {string.Join(", ", replayed)}";
    }

    private static Decision Decided(object @event, Officer? officer, Agreement agreement, DateOnly today, OfficerSettings settings) => (@event, officer) switch
    {
        (OfficerNominated e, null) => NominateOfficerEndpoint.Decide(e.OfficerId, new NominateOfficer("Synthetic Officer", null, e.NominatedOn), e.PersonKey, agreement, null, today),
        (BackgroundInvestigationCompleted e, { } o) => RecordInvestigationEndpoint.Decide(new RecordInvestigation(e.CompletedOn, e.Passed ? "Passed" : "Failed", e.CitizenshipConfirmed, o.Version), o, today),
        (TrainingCompleted e, { } o) => RecordTrainingEndpoint.Decide(new RecordTraining(e.CompletedOn, e.Course.ToString(), e.Location, o.Version), o, RecordTrainingEndpoint.Restores(o, e.Course) ? agreement : null, today),
        (OfficerCertified e, { } o) => CertifyOfficerEndpoint.Decide(new CertifyOfficer(e.CertifiedOn, o.Version), o, agreement, null, today),
        (AuthoritySuspended e, { } o) => SuspendAuthorityEndpoint.Decide(new SuspendAuthority(e.EffectiveOn, e.Reason, o.Version), o, today),
        (AuthoritySuspendedForRefresher, { } o) => RefresherOverdue.For(o, settings) is { } due && due.DueOn <= today
            ? due.Decide(o, today)
            : Decision.Reject(new ProblemDetails { Detail = $"no refresher deadline has come for an officer {o.Status} trained on {o.RefreshedOn}" }),
        (AuthorityReinstated e, { } o) => ReinstateAuthorityEndpoint.Decide(new ReinstateAuthority(e.EffectiveOn, o.Version), o, agreement, null, today, settings),
        (AuthorityRevoked e, { } o) => RevokeAuthorityEndpoint.Decide(new RevokeAuthority(e.EffectiveOn, e.Reason, o.Version), o, today),
        (OfficerSeparated e, { } o) => SeparateOfficerEndpoint.Decide(new SeparateOfficer(e.EffectiveOn, e.Reason, o.Version), o, today),
        (AuthorityLapsedWithAgreement or AuthorityRestoredWithAgreement, { } o) => FollowAgreementHandler.Decide(o, agreement) is { } follow
            ? Decision.Accept(follow)
            : Decision.Reject(new ProblemDetails { Detail = $"FollowAgreement decides nothing: officer {o.Status}, agreement {agreement.Status}" }),
        _ => Decision.Reject(new ProblemDetails { Detail = $"{@event.GetType().Name} does not fit an officer {officer?.Status.ToString() ?? "not nominated"}" }),
    };
}
