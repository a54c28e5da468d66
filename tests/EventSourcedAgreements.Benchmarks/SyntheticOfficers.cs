using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Deadlines;
using EventSourcedAgreements.Officers;

namespace EventSourcedAgreements.Benchmarks;

/// <summary>One synthetic designated officer: the officer's events in stream order, each with the moment the record learned it and its source.</summary>
public sealed record SyntheticOfficer(
    Guid Id,
    Guid AgreementId,
    string AgencyId,
    string State,
    SupportModel Model,
    IReadOnlyList<(object Event, DateTimeOffset KnownAt, string Source)> Events);

/// <summary>
/// The designated officers of a synthetic national history, made up from a seed, the same every time: one to three
/// officers per agreement (1.24 on average, each a person of its own), nominated after the request, investigated (some
/// fail), trained in the model's basic course, certified on a day the agreement is in force and not suspended; some are
/// suspended (most of them reinstated) by the program office, some revoked or separated. The history is one the service
/// could have recorded under its refresher rule with the default settings (<see cref="OfficerSettings"/>): while an
/// officer holds authority (suspended or not) it takes a refresher within 454 days of the certification or the last
/// refresher; an officer who misses one (about 3% of those certified are suspended for it) is suspended by the refresher
/// deadline (<see cref="AuthoritySuspendedForRefresher"/>, source <c>deadline</c>, known at the start of the overdue day, or
/// at once when authority came back after that day), and the late refresher some of them take gives the authority back
/// (<see cref="AuthorityReinstated"/> as <c>RecordTrainingEndpoint.Decide</c> gives it, when the agreement is active); the
/// program office reinstates no one whose refresher is overdue. Their authority follows the agreement as the service's
/// <c>FollowAgreement</c> handler records it: an <see cref="AuthorityLapsedWithAgreement"/> on the day the agreement is
/// suspended, terminated or expires, an <see cref="AuthorityRestoredWithAgreement"/> on its reinstatement. Officer
/// commands are known at 15:00 of their day (after the agreement's events of the day, known at noon), the handler's
/// events a minute after the agreement's. No authorized officer is overdue at the end of <see cref="Horizon"/>.
/// About ten officer events per agreement: 500,000 over the national history's 50,000 agreements.
/// </summary>
public static class SyntheticOfficers
{
    /// <summary>No officer event is dated after this day (the agreements' histories end before it).</summary>
    public static readonly DateOnly Horizon = new(2026, 6, 30);

    /// <summary>The service's default refresher rule: a refresher within 365 days of the last, suspended from 90 days after that.</summary>
    public static readonly OfficerSettings Settings = new();

    /// <summary>
    /// The share of certified officers (in percent) who miss one of their first two refreshers; fewer are suspended for it
    /// (3.3% of those certified over the 50,000 agreements): some leave, or their agreement ends, before it falls due.
    /// </summary>
    public const int OverduePercent = 8;

    private static readonly TimeOnly CommandTime = new(15, 0);

    public static IEnumerable<SyntheticOfficer> Generate(IEnumerable<SyntheticAgreement> agreements, int seed = 1919)
    {
        var random = new Random(seed);
        foreach (var agreement in agreements)
        {
            var timeline = Timeline.Of(agreement);
            var count = random.Next(100) < 78 ? 1 : random.Next(100) < 90 ? 2 : 3;
            for (var n = 0; n < count; n++)
            {
                if (Made(random, agreement, timeline) is { } officer)
                {
                    yield return officer;
                }
            }
        }
    }

    /// <summary>The officers' events (for Marten's bulk append and the counts).</summary>
    public static int CountEvents(IEnumerable<SyntheticOfficer> officers) => officers.Sum(o => o.Events.Count);

    private static SyntheticOfficer? Made(Random random, SyntheticAgreement agreement, Timeline timeline)
    {
        var id = NewGuid(random);
        var personKey = NewGuid(random).ToString("N");
        var events = new List<(object, DateTimeOffset, string)>();
        void Command(object @event, DateOnly on) => events.Add((@event, At(on, CommandTime), HistoryLoader.Source));
        void Follow(object @event, Change change) => events.Add((@event, change.KnownAt.AddMinutes(1), Officers.FollowingTheAgreement.FollowAgreementHandler.Source));

        // Every command is dated before the agreement ends (or the horizon): an officer's record stops with its agreement.
        var limit = timeline.End?.On ?? Horizon.AddDays(1);
        var latestNomination = Min(limit.AddDays(-1), timeline.Signed.AddDays(730));
        if (latestNomination < timeline.Requested)
        {
            return null;
        }

        var nominatedOn = timeline.Requested.AddDays(random.Next(latestNomination.DayNumber - timeline.Requested.DayNumber + 1));
        Command(new OfficerNominated(id, agreement.Id, agreement.AgencyId, agreement.State, agreement.Model, nominatedOn, personKey), nominatedOn);
        var officer = new SyntheticOfficer(id, agreement.Id, agreement.AgencyId, agreement.State, agreement.Model, events);

        var investigatedOn = nominatedOn.AddDays(random.Next(14, 121));
        var passed = random.Next(100) >= 8;
        var trainedOn = nominatedOn.AddDays(random.Next(7, 151));
        if (investigatedOn >= limit)
        {
            return officer;
        }

        if (!passed || trainedOn >= limit || investigatedOn <= trainedOn)
        {
            Command(new BackgroundInvestigationCompleted(investigatedOn, passed, passed || random.Next(2) == 0), investigatedOn);
            if (!passed || trainedOn >= limit)
            {
                return officer;
            }

            Command(new TrainingCompleted(trainedOn, Officer.BasicCourse(agreement.Model), Location(agreement.Model)), trainedOn);
        }
        else
        {
            Command(new TrainingCompleted(trainedOn, Officer.BasicCourse(agreement.Model), Location(agreement.Model)), trainedOn);
            Command(new BackgroundInvestigationCompleted(investigatedOn, true, true), investigatedOn);
        }

        // Certified on a day the agreement is active once that day's agreement events are recorded.
        var certifiedOn = timeline.ActiveOnOrAfter(Max(Max(investigatedOn, trainedOn), timeline.Signed).AddDays(random.Next(1, 46)));
        if (certifiedOn is not { } certified || certified >= limit)
        {
            if (random.Next(5) == 0)
            {
                var separatedOn = Max(investigatedOn, trainedOn).AddDays(random.Next(1, 200));
                if (separatedOn < limit)
                {
                    Command(new OfficerSeparated(separatedOn, "Left the agency before certification"), separatedOn);
                }
            }

            return officer;
        }

        Command(new OfficerCertified(certified, agreement.Model), certified);

        // What the program office plans after the certification, merged in knowledge order with the agreement's changes,
        // the officer's refreshers and the refresher deadline.
        var planned = new List<(DateOnly On, string Action)>();
        if (random.Next(100) < 12)
        {
            var suspendedOn = certified.AddDays(random.Next(30, 1000));
            planned.Add((suspendedOn, "suspend"));
            if (random.Next(10) < 7)
            {
                planned.Add((suspendedOn.AddDays(random.Next(14, 181)), "reinstate"));
            }
        }

        var ending = random.Next(100);
        if (ending < 5)
        {
            planned.Add((certified.AddDays(random.Next(60, 2500)), "revoke"));
        }
        else if (ending < 30)
        {
            planned.Add((certified.AddDays(random.Next(60, 3000)), "separate"));
        }

        // A refresher within 454 days of the last (the deadline suspends from the 455th), while the officer holds authority;
        // an officer who goes overdue misses one refresher: some take it late (a refresher that gives the authority back), the others never.
        var missed = random.Next(100) < OverduePercent ? random.Next(2) : -1;
        var lateRefresher = random.Next(100) < 60;
        DateOnly? NextRefresher(DateOnly refreshedOn, int cycle) =>
            cycle != missed ? refreshedOn.AddDays(random.Next(300, Settings.RefresherEveryDays + Settings.RefresherGraceDays))
            : lateRefresher ? Settings.RefresherOverdueOn(refreshedOn).AddDays(random.Next(7, 181))
            : null;

        var actions = planned.Where(p => p.On < limit).OrderBy(p => p.On).ToList();
        var changes = timeline.Changes.Where(c => c.KnownAt > At(certified, CommandTime)).ToList();
        var (nextAction, nextChange, cycles) = (0, 0, 0);
        var agreementStatus = timeline.StatusOn(certified);
        var status = OfficerStatus.Authorized;
        var suspension = Suspension.None;
        var (refreshed, suspendedSince, lastChange) = (certified, certified, certified);
        var authorizedAt = At(certified, CommandTime);
        var nextRefresher = NextRefresher(refreshed, cycles);
        var end = At(Horizon.AddDays(1), TimeOnly.MinValue);
        while (true)
        {
            // The deadline runs at the start of the overdue day, or at once when authority comes back on a later day.
            var deadlineAt = status == OfficerStatus.Authorized ? Max(At(Settings.RefresherOverdueOn(refreshed), TimeOnly.MinValue), authorizedAt.AddMinutes(1)) : end;
            var changeAt = nextChange < changes.Count ? changes[nextChange].KnownAt : end;
            var actionAt = nextAction < actions.Count ? At(actions[nextAction].On, CommandTime) : end;
            var refresherAt = nextRefresher is { } due && due < limit ? At(due, CommandTime) : end;
            var next = Min(Min(deadlineAt, changeAt), Min(actionAt, refresherAt));
            if (next >= end)
            {
                return officer;
            }

            if (next == deadlineAt)
            {
                var from = Max(lastChange, Settings.RefresherOverdueOn(refreshed));
                events.Add((new AuthoritySuspendedForRefresher(from, refreshed), deadlineAt, Deadline.Source));
                (status, suspension, suspendedSince, lastChange) = (OfficerStatus.Suspended, Suspension.ForRefresher, from, from);
            }
            else if (next == changeAt)
            {
                var change = changes[nextChange++];
                agreementStatus = change.Status;
                switch (change.Status)
                {
                    case AgreementStatus.Suspended when status == OfficerStatus.Authorized:
                        Follow(new AuthorityLapsedWithAgreement(change.On, AgreementStatus.Suspended), change);
                        (status, suspension, suspendedSince, lastChange) = (OfficerStatus.Suspended, Suspension.WithAgreement, change.On, change.On);
                        break;
                    case AgreementStatus.Active when suspension == Suspension.WithAgreement:
                        Follow(new AuthorityRestoredWithAgreement(change.On), change);
                        (status, suspension, lastChange, authorizedAt) = (OfficerStatus.Authorized, Suspension.None, change.On, change.KnownAt.AddMinutes(1));
                        break;
                    case AgreementStatus.Terminated or AgreementStatus.Expired:
                        Follow(new AuthorityLapsedWithAgreement(change.On, change.Status), change);
                        return officer;
                }
            }
            else if (next == actionAt)
            {
                var (on, action) = actions[nextAction++];
                switch (action)
                {
                    case "suspend" when status == OfficerStatus.Authorized && on >= lastChange:
                        Command(new AuthoritySuspended(on, "Synthetic misconduct review"), on);
                        (status, suspension, suspendedSince, lastChange) = (OfficerStatus.Suspended, Suspension.ByOffice, on, on);
                        break;
                    case "reinstate" when suspension == Suspension.ByOffice && agreementStatus == AgreementStatus.Active && on >= lastChange && Settings.RefresherOverdueOn(refreshed) > on:
                        Command(new AuthorityReinstated(on), on);
                        (status, suspension, lastChange, authorizedAt) = (OfficerStatus.Authorized, Suspension.None, on, actionAt);
                        break;
                    case "revoke":
                        Command(new AuthorityRevoked(on, "Synthetic revocation"), on);
                        return officer;
                    case "separate":
                        Command(new OfficerSeparated(on, random.Next(2) == 0 ? "Retired" : null), on);
                        return officer;
                }
            }
            else
            {
                // As RecordTrainingEndpoint.Decide gives it: the refresher, and for an officer suspended for want of it, under an active agreement, the authority back.
                var on = nextRefresher!.Value;
                Command(new TrainingCompleted(on, Course.Refresher, Location(agreement.Model)), on);
                refreshed = on;
                authorizedAt = refresherAt;
                if (suspension == Suspension.ForRefresher && agreementStatus == AgreementStatus.Active)
                {
                    var reinstatedOn = Max(suspendedSince, on);
                    Command(new AuthorityReinstated(reinstatedOn), on);
                    (status, suspension, lastChange) = (OfficerStatus.Authorized, Suspension.None, reinstatedOn);
                }

                nextRefresher = NextRefresher(refreshed, ++cycles);
            }
        }
    }

    private static string Location(SupportModel model) => model switch
    {
        SupportModel.JEM => "ICE Academy, Charleston, SC",
        SupportModel.WSO => "Certified instructor, on site",
        _ => "Online, ICE",
    };

    private static Guid NewGuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static DateTimeOffset At(DateOnly day, TimeOnly time) => new(day.ToDateTime(time), TimeSpan.Zero);

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>Why a suspended officer is suspended: what gives the authority back.</summary>
    private enum Suspension
    {
        None,
        ByOffice,
        WithAgreement,
        ForRefresher,
    }

    /// <summary>A change of the agreement's status (in force, suspended, ended) on its effective date, known when its event was.</summary>
    public sealed record Change(DateOnly On, AgreementStatus Status, DateTimeOffset KnownAt);

    /// <summary>The agreement's status over time, as its synthetic events say (no scheduled changes: each takes effect when recorded).</summary>
    public sealed record Timeline(DateOnly Requested, DateOnly Signed, IReadOnlyList<Change> Changes)
    {
        public Change? End => Changes.LastOrDefault(c => c.Status is AgreementStatus.Terminated or AgreementStatus.Expired);

        public static Timeline Of(SyntheticAgreement agreement)
        {
            var requested = ((AgreementRequested)agreement.Events[0].Event).RequestedOn;
            var changes = new List<Change>();
            foreach (var (@event, knownAt) in agreement.Events)
            {
                Change? change = @event switch
                {
                    AgreementSigned e => new Change(e.SignedOn, AgreementStatus.Active, knownAt),
                    AgreementSuspended e => new Change(e.EffectiveOn, AgreementStatus.Suspended, knownAt),
                    AgreementReinstated e => new Change(e.EffectiveOn, AgreementStatus.Active, knownAt),
                    AgreementTerminated e => new Change(e.EffectiveOn, AgreementStatus.Terminated, knownAt),
                    AgreementExpired e => new Change(e.EffectiveOn, AgreementStatus.Expired, knownAt),
                    _ => null,
                };
                if (change is not null)
                {
                    changes.Add(change);
                }
            }

            return new Timeline(requested, changes[0].On, changes);
        }

        /// <summary>The agreement's status once the events of <paramref name="day"/> are recorded.</summary>
        public AgreementStatus StatusOn(DateOnly day) => Changes.LastOrDefault(c => c.On <= day)?.Status ?? AgreementStatus.Requested;

        /// <summary>The first day on or after <paramref name="day"/> on which the agreement is active; null if it never is again.</summary>
        public DateOnly? ActiveOnOrAfter(DateOnly day)
        {
            if (StatusOn(day) == AgreementStatus.Active)
            {
                return day;
            }

            return Changes.FirstOrDefault(c => c.On > day && c.Status == AgreementStatus.Active)?.On;
        }
    }
}
