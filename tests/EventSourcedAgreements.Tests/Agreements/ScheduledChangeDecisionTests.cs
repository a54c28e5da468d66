using System.Text.Json;
using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Deadlines;
using EventSourcedAgreements.Tests.Fixtures;

namespace EventSourcedAgreements.Tests.Agreements;

/// <summary>Suspensions and terminations recorded ahead of their date: the pure decisions and what the aggregate holds.</summary>
public sealed class ScheduledChangeDecisionTests
{
    private static readonly DateOnly Today = new(2026, 11, 30);
    private static readonly DateOnly March = new(2027, 3, 1);
    private static readonly DateOnly June = new(2027, 6, 1);
    private static readonly Guid Id = Guid.CreateVersion7();

    private static Agreement Active => Agreement.Start(new AgreementRequested(
            Id, "fl-hernando-county-sheriffs-office", "FL", "Hernando County Sheriff's Office", AgencyType.County, "Hernando", SupportModel.JEM, new DateOnly(2019, 1, 2)))
        .Next(new AgreementSigned(new DateOnly(2019, 1, 22), null, new DateOnly(2028, 1, 22)));

    private static Agreement SuspensionPending => Active.Next(new AgreementSuspended(March, "audit", Scheduled: true));

    private static Agreement TerminationPending => Active.Next(new AgreementTerminated(June, TerminationInitiator.Agency, "county board vote", Scheduled: true));

    [Fact]
    public void a_suspension_effective_after_today_is_scheduled_and_leaves_the_agreement_active()
    {
        var active = Active;

        var decision = SuspendAgreementEndpoint.Decide(new SuspendAgreement(March, " audit ", null), active, Today);

        decision.Events.ShouldBe([new AgreementSuspended(March, "audit", Scheduled: true)]);
        active.Next(decision.Events[0]).ShouldBe(active with { Version = 3, Pending = new PendingChange(AgreementStatus.Suspended, March, "audit") });
    }

    [Fact]
    public void a_termination_effective_after_today_is_scheduled_and_leaves_the_agreement_open()
    {
        var active = Active;

        var decision = TerminateAgreementEndpoint.Decide(new TerminateAgreement(June, "Agency", "county board vote", null), active, Today);

        decision.Events.ShouldBe([new AgreementTerminated(June, TerminationInitiator.Agency, "county board vote", Scheduled: true)]);
        active.Next(decision.Events[0]).ShouldBe(active with { Version = 3, Pending = new PendingChange(AgreementStatus.Terminated, June, "county board vote") });
    }

    [Fact]
    public void a_change_effective_today_or_earlier_takes_effect_at_once_as_before()
    {
        var suspension = SuspendAgreementEndpoint.Decide(new SuspendAgreement(Today, "audit", null), Active, Today);
        var termination = TerminateAgreementEndpoint.Decide(new TerminateAgreement(Today.AddDays(-1), "ICE", "review", null), Active, Today);

        suspension.Events.ShouldBe([new AgreementSuspended(Today, "audit")]);
        Active.Next(suspension.Events[0]).ShouldSatisfyAllConditions(a => a.Status.ShouldBe(AgreementStatus.Suspended), a => a.Pending.ShouldBeNull());
        termination.Events.ShouldBe([new AgreementTerminated(Today.AddDays(-1), TerminationInitiator.ICE, "review")]);
        Active.Next(termination.Events[0]).Status.ShouldBe(AgreementStatus.Terminated);
    }

    [Fact]
    public void when_its_date_has_come_a_pending_suspension_takes_effect()
    {
        var pending = SuspensionPending;
        var due = new ScheduledChangeDue(pending.Id, AgreementStatus.Suspended, March);

        var decision = ScheduledChanges.Decide(due, pending, March);

        decision.Events.ShouldBe([new ScheduledChangeTookEffect(March, AgreementStatus.Suspended)]);
        pending.Next(decision.Events[0]).ShouldBe(pending with { Version = pending.Version + 1, Status = AgreementStatus.Suspended, SuspendedOn = March, Pending = null });
    }

    [Fact]
    public void when_its_date_has_come_a_pending_termination_ends_the_agreement()
    {
        var pending = TerminationPending;
        var due = new ScheduledChangeDue(pending.Id, AgreementStatus.Terminated, June);

        var decision = ScheduledChanges.Decide(due, pending, June.AddDays(3));

        decision.Events.ShouldBe([new ScheduledChangeTookEffect(June, AgreementStatus.Terminated)]);
        pending.Next(decision.Events[0]).ShouldBe(pending with
        {
            Version = pending.Version + 1,
            Status = AgreementStatus.Terminated,
            EndedOn = June,
            EndReason = "county board vote",
            Pending = null,
        });
    }

    [Fact]
    public void before_its_date_a_pending_change_does_not_take_effect()
    {
        var decision = ScheduledChanges.Decide(new ScheduledChangeDue(SuspensionPending.Id, AgreementStatus.Suspended, March), SuspensionPending, March.AddDays(-1));

        decision.Problem!.Title.ShouldBe("Not yet in effect");
    }

    [Fact]
    public void a_second_suspension_or_termination_while_one_is_pending_is_refused()
    {
        SuspendAgreementEndpoint.Decide(new SuspendAgreement(June, "again", null), SuspensionPending, Today).Problem!.Detail
            .ShouldBe($"Cannot suspend agreement {SuspensionPending.Id}: its suspension effective 2027-03-01 was recorded ahead of its date and takes effect then; one change waits for its date at a time.");
        SuspendAgreementEndpoint.Decide(new SuspendAgreement(Today, "now", null), TerminationPending, Today).Problem!.Title.ShouldBe("Change pending");
        TerminateAgreementEndpoint.Decide(new TerminateAgreement(Today, "ICE", "now", null), TerminationPending, Today).Problem!.Title.ShouldBe("Change pending");
        TerminateAgreementEndpoint.Decide(new TerminateAgreement(June, "ICE", "later", null), SuspensionPending, Today).Problem!.Detail
            .ShouldNotBeNull().ShouldEndWith("a termination effective today or earlier ends the agreement before that suspension.");
    }

    [Fact]
    public void reinstating_a_suspension_that_has_not_taken_effect_is_refused_and_says_when_it_can_be()
    {
        var decision = ReinstateAgreementEndpoint.Decide(new ReinstateAgreement(March, null), SuspensionPending);

        decision.Problem!.Title.ShouldBe("Change pending");
        decision.Problem.Detail.ShouldNotBeNull().ShouldContain("reinstate it once the suspension has taken effect, effective that day or later");
    }

    [Fact]
    public void a_termination_in_effect_today_overtakes_a_pending_suspension_which_then_finds_nothing_to_do()
    {
        var pending = SuspensionPending;

        var decision = TerminateAgreementEndpoint.Decide(new TerminateAgreement(Today, "ICE", "program review", null), pending, Today);
        var terminated = pending.Next(decision.Events.Single());

        terminated.Status.ShouldBe(AgreementStatus.Terminated);
        terminated.Pending.ShouldBeNull();
        var due = new ScheduledChangeDue(pending.Id, AgreementStatus.Suspended, March);
        ScheduledChanges.StillPending(due, terminated).ShouldBeFalse();
        ScheduledChanges.Decide(due, terminated, March).Problem!.Title.ShouldBe("Nothing pending");
    }

    [Fact]
    public void an_expiry_moved_before_the_pending_date_wins_and_the_change_finds_nothing_to_do()
    {
        var pending = TerminationPending;
        var amended = pending.Next(AmendAgreementEndpoint.Decide(new AmendAgreement(Today, "shorter term", null, new DateOnly(2027, 1, 22), null), pending).Events.Single());

        var expired = amended.Next(RecordExpiryEndpoint.Decide(new RecordExpiry(null), amended, new DateOnly(2027, 1, 22)).Events.Single());

        expired.Status.ShouldBe(AgreementStatus.Expired);
        expired.Pending.ShouldBeNull();
        ScheduledChanges.StillPending(new ScheduledChangeDue(pending.Id, AgreementStatus.Terminated, June), expired).ShouldBeFalse();
    }

    [Fact]
    public void a_change_cannot_be_scheduled_for_the_expiry_day_or_later()
    {
        var onExpiry = SuspendAgreementEndpoint.Decide(new SuspendAgreement(new DateOnly(2028, 1, 22), "audit", null), Active, Today);
        var afterExpiry = TerminateAgreementEndpoint.Decide(new TerminateAgreement(new DateOnly(2028, 1, 23), "ICE", "x", null), Active, Today);

        onExpiry.Problem!.Title.ShouldBe("Agreement expires that day");
        afterExpiry.Problem!.Title.ShouldBe("Agreement expired");
    }

    [Fact]
    public void an_event_that_names_another_change_than_the_pending_one_changes_nothing_but_the_version()
    {
        var pending = SuspensionPending;

        pending.Next(new ScheduledChangeTookEffect(June, AgreementStatus.Suspended)).ShouldBe(pending with { Version = pending.Version + 1 });
        pending.Next(new ScheduledChangeTookEffect(March, AgreementStatus.Terminated)).ShouldBe(pending with { Version = pending.Version + 1 });
    }

    [Fact]
    public void events_stored_before_scheduled_changes_existed_replay_as_they_did_and_immediate_ones_are_written_as_before()
    {
        var stored = JsonSerializer.Deserialize<AgreementTerminated>("""{"effectiveOn":"2027-06-01","initiatedBy":"ICE","reason":"review"}""", AppTest.Json)!;

        stored.Scheduled.ShouldBeFalse();
        Active.Next(stored).Status.ShouldBe(AgreementStatus.Terminated);
        JsonSerializer.Serialize(new AgreementSuspended(March, "audit"), AppTest.Json).ShouldBe("""{"effectiveOn":"2027-03-01","reason":"audit"}""");
        JsonSerializer.Serialize(new AgreementSuspended(March, "audit", Scheduled: true), AppTest.Json).ShouldBe("""{"effectiveOn":"2027-03-01","reason":"audit","scheduled":true}""");
        JsonSerializer.Serialize(new ScheduledChangeTookEffect(March, AgreementStatus.Suspended), AppTest.Json).ShouldBe("""{"effectiveOn":"2027-03-01","change":"Suspended"}""");
    }
}
