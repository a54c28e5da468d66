using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Core;
using EventSourcedAgreements.Officers.FollowingTheAgreement;
using EventSourcedAgreements.Officers.Refreshing;

namespace EventSourcedAgreements.Tests.Officers;

/// <summary>
/// The officer commands' pure decisions: what each appends when the rules hold, and for each rule a refusal (a 409
/// whose title names the rule) that appends nothing.
/// </summary>
public sealed class OfficerDecisionTests
{
    private static readonly DateOnly Today = new(2026, 11, 30);
    private static readonly Guid OfficerId = Guid.CreateVersion7();
    private static readonly Guid AgreementId = Guid.CreateVersion7();
    private static readonly OfficerSettings Settings = new();

    private static Agreement Requested => Agreement.Start(new AgreementRequested(
        AgreementId, "fl-hernando-county-sheriffs-office", "FL", "Hernando County Sheriff's Office", AgencyType.County, "Hernando", SupportModel.JEM, new DateOnly(2019, 1, 2)));

    private static Agreement Active => Requested.Next(new AgreementSigned(new DateOnly(2019, 1, 22), null, new DateOnly(2022, 1, 22)));

    private static Officer Nominated => Officer.Create(new OfficerNominated(
        OfficerId, Active.Id, Active.AgencyId, "FL", SupportModel.JEM, new DateOnly(2019, 2, 1), "person-1"));

    private static Officer Cleared => Nominated.Next(new BackgroundInvestigationCompleted(new DateOnly(2019, 3, 1), Passed: true, CitizenshipConfirmed: true));

    private static Officer Ready => Cleared.Next(new TrainingCompleted(new DateOnly(2019, 4, 12), Course.JEM, "ICE Academy, Charleston, SC"));

    private static Officer Authorized => Ready.Next(new OfficerCertified(new DateOnly(2019, 4, 15), SupportModel.JEM));

    private static Officer Suspended => Authorized.Next(new AuthoritySuspended(new DateOnly(2019, 6, 1), "Refresher overdue"));

    private static void ShouldRefuse(Decision decision, string rule)
    {
        decision.IsAccepted.ShouldBeFalse();
        decision.Events.ShouldBeEmpty();
        decision.Problem!.Status.ShouldBe(409);
        decision.Problem.Title.ShouldBe(rule, decision.Problem.Detail);
    }

    [Fact]
    public void a_nomination_starts_the_officer_under_the_agreements_agency_state_and_model()
    {
        var decision = NominateOfficerEndpoint.Decide(OfficerId, new NominateOfficer("Dana Deputy", "H-1207", new DateOnly(2019, 2, 1)), "person-1", Active, openUnderAgreement: null, Today);

        decision.Events.ShouldBe([new OfficerNominated(OfficerId, Active.Id, "fl-hernando-county-sheriffs-office", "FL", SupportModel.JEM, new DateOnly(2019, 2, 1), "person-1")]);
    }

    [Fact]
    public void a_nomination_under_a_request_is_accepted()
    {
        NominateOfficerEndpoint.Decide(OfficerId, new NominateOfficer("Dana Deputy", null, new DateOnly(2019, 1, 3)), "person-1", Requested, openUnderAgreement: null, Today).IsAccepted.ShouldBeTrue();
    }

    [Theory]
    [InlineData(AgreementStatus.Terminated)]
    [InlineData(AgreementStatus.Withdrawn)]
    [InlineData(AgreementStatus.Delisted)]
    public void a_nomination_under_an_agreement_neither_requested_nor_in_force_is_refused(AgreementStatus status)
    {
        ShouldRefuse(NominateOfficerEndpoint.Decide(OfficerId, new NominateOfficer("Dana Deputy", null, new DateOnly(2019, 2, 1)), "person-1", Active with { Status = status }, openUnderAgreement: null, Today), "Agreement not open");
    }

    [Fact]
    public void the_same_person_nominated_twice_under_one_agreement_is_refused()
    {
        ShouldRefuse(NominateOfficerEndpoint.Decide(Guid.CreateVersion7(), new NominateOfficer("Dana Deputy", null, new DateOnly(2019, 5, 1)), "person-1", Active, openUnderAgreement: Nominated, Today), "Already nominated");
    }

    [Fact]
    public void a_nomination_before_the_request_or_after_today_is_refused()
    {
        ShouldRefuse(NominateOfficerEndpoint.Decide(OfficerId, new NominateOfficer("Dana Deputy", null, new DateOnly(2019, 1, 1)), "person-1", Active, openUnderAgreement: null, Today), "Date out of order");
        ShouldRefuse(NominateOfficerEndpoint.Decide(OfficerId, new NominateOfficer("Dana Deputy", null, Today.AddDays(1)), "person-1", Active, openUnderAgreement: null, Today), "Date in the future");
    }

    [Fact]
    public void an_investigation_is_recorded_once_after_the_nomination()
    {
        var passed = new RecordInvestigation(new DateOnly(2019, 3, 1), "Passed", CitizenshipConfirmed: true, ExpectedVersion: 1);

        RecordInvestigationEndpoint.Decide(passed, Nominated, Today).Events.ShouldBe([new BackgroundInvestigationCompleted(new DateOnly(2019, 3, 1), Passed: true, CitizenshipConfirmed: true)]);
        ShouldRefuse(RecordInvestigationEndpoint.Decide(passed with { ExpectedVersion = null }, Cleared, Today), "Background investigation recorded");
        ShouldRefuse(RecordInvestigationEndpoint.Decide(passed with { CompletedOn = new DateOnly(2019, 1, 31) }, Nominated, Today), "Date out of order");
        ShouldRefuse(RecordInvestigationEndpoint.Decide(passed with { ExpectedVersion = 2 }, Nominated, Today), "Stale version");
        ShouldRefuse(RecordInvestigationEndpoint.Decide(passed with { ExpectedVersion = null }, Authorized, Today), "Transition not allowed");
    }

    [Fact]
    public void a_failed_investigation_disqualifies_and_closes_the_nomination()
    {
        var failed = RecordInvestigationEndpoint.Decide(new RecordInvestigation(new DateOnly(2019, 3, 1), "Failed", CitizenshipConfirmed: true, null), Nominated, Today);
        var disqualified = Nominated.Next(failed.Events[0]);

        disqualified.Status.ShouldBe(OfficerStatus.Disqualified);
        ShouldRefuse(RecordTrainingEndpoint.Decide(new RecordTraining(new DateOnly(2019, 4, 12), "JEM", "ICE Academy", null), disqualified, null, Today), "Transition not allowed");
        ShouldRefuse(SeparateOfficerEndpoint.Decide(new SeparateOfficer(new DateOnly(2019, 5, 1), null, null), disqualified, Today), "Transition not allowed");
    }

    [Fact]
    public void training_is_the_basic_course_of_the_agreements_model_or_once_certified_a_refresher()
    {
        RecordTrainingEndpoint.Decide(new RecordTraining(new DateOnly(2019, 4, 12), "jem", " ICE Academy, Charleston, SC ", null), Cleared, null, Today)
            .Events.ShouldBe([new TrainingCompleted(new DateOnly(2019, 4, 12), Course.JEM, "ICE Academy, Charleston, SC")]);
        ShouldRefuse(RecordTrainingEndpoint.Decide(new RecordTraining(new DateOnly(2019, 4, 12), "WSO", "Agency", null), Cleared, null, Today), "Course not of the model");
        ShouldRefuse(RecordTrainingEndpoint.Decide(new RecordTraining(new DateOnly(2019, 4, 12), "Refresher", "Agency", null), Ready, null, Today), "Refresher before certification");
        RecordTrainingEndpoint.Decide(new RecordTraining(new DateOnly(2020, 4, 12), "Refresher", "Agency", null), Authorized, null, Today).IsAccepted.ShouldBeTrue();
        ShouldRefuse(RecordTrainingEndpoint.Decide(new RecordTraining(new DateOnly(2019, 4, 14), "Refresher", "Agency", null), Authorized, null, Today), "Date out of order");
    }

    [Fact]
    public void certification_authorizes_with_the_functions_of_the_agreements_model()
    {
        var decision = CertifyOfficerEndpoint.Decide(new CertifyOfficer(new DateOnly(2019, 4, 15), 3), Ready, Active, elsewhere: null, Today);

        decision.Events.ShouldBe([new OfficerCertified(new DateOnly(2019, 4, 15), SupportModel.JEM)]);
        var authorized = Ready.Next(decision.Events[0]);
        (authorized.Version, authorized.Status, authorized.CertifiedOn, authorized.LastChangeOn, authorized.HoldsAuthority)
            .ShouldBe((4, OfficerStatus.Authorized, new DateOnly(2019, 4, 15), new DateOnly(2019, 4, 15), true));
    }

    [Fact]
    public void certification_needs_a_passed_investigation()
    {
        var trainedOnly = Nominated.Next(new TrainingCompleted(new DateOnly(2019, 4, 12), Course.JEM, "ICE Academy"));

        ShouldRefuse(CertifyOfficerEndpoint.Decide(new CertifyOfficer(new DateOnly(2019, 4, 15), null), trainedOnly, Active, null, Today), "Background investigation not passed");
    }

    [Fact]
    public void certification_needs_the_basic_course_of_the_agreements_model()
    {
        ShouldRefuse(CertifyOfficerEndpoint.Decide(new CertifyOfficer(new DateOnly(2019, 4, 15), null), Cleared, Active, null, Today), "Training not completed");
    }

    [Fact]
    public void certification_needs_the_agreement_active_with_nothing_waiting_for_its_date()
    {
        var suspended = Active.Next(new AgreementSuspended(new DateOnly(2019, 4, 1), "Audit"));
        var terminating = Active.Next(new AgreementTerminated(new DateOnly(2027, 1, 1), TerminationInitiator.ICE, "Review", Scheduled: true));
        var terminated = Active.Next(new AgreementTerminated(new DateOnly(2019, 4, 1), TerminationInitiator.ICE, "Review"));

        foreach (var agreement in new[] { suspended, terminating, terminated, Requested })
        {
            ShouldRefuse(CertifyOfficerEndpoint.Decide(new CertifyOfficer(new DateOnly(2019, 4, 15), null), Ready, agreement, null, Today), "Agreement not in force");
        }
    }

    [Fact]
    public void certification_is_refused_while_the_person_holds_authority_under_another_agreement_of_the_agency()
    {
        var elsewhere = Authorized with { Id = Guid.CreateVersion7(), AgreementId = Guid.CreateVersion7() };

        ShouldRefuse(CertifyOfficerEndpoint.Decide(new CertifyOfficer(new DateOnly(2019, 4, 15), null), Ready, Active, elsewhere, Today), "Authorized under another agreement");
    }

    [Fact]
    public void certification_follows_the_investigation_the_course_and_the_signing_and_is_not_in_the_future()
    {
        ShouldRefuse(CertifyOfficerEndpoint.Decide(new CertifyOfficer(new DateOnly(2019, 4, 11), null), Ready, Active, null, Today), "Date out of order");
        ShouldRefuse(CertifyOfficerEndpoint.Decide(new CertifyOfficer(Today.AddDays(1), null), Ready, Active, null, Today), "Date in the future");
        ShouldRefuse(CertifyOfficerEndpoint.Decide(new CertifyOfficer(new DateOnly(2019, 4, 15), null), Authorized, Active, null, Today), "Transition not allowed");
    }

    [Fact]
    public void a_suspension_follows_the_certification_and_a_reinstatement_lifts_it_under_an_active_agreement()
    {
        SuspendAuthorityEndpoint.Decide(new SuspendAuthority(new DateOnly(2019, 6, 1), " Refresher overdue ", null), Authorized, Today)
            .Events.ShouldBe([new AuthoritySuspended(new DateOnly(2019, 6, 1), "Refresher overdue")]);
        ShouldRefuse(SuspendAuthorityEndpoint.Decide(new SuspendAuthority(new DateOnly(2019, 4, 14), "Audit", null), Authorized, Today), "Date out of order");
        ShouldRefuse(SuspendAuthorityEndpoint.Decide(new SuspendAuthority(new DateOnly(2019, 6, 1), "Audit", null), Ready, Today), "Transition not allowed");

        ReinstateAuthorityEndpoint.Decide(new ReinstateAuthority(new DateOnly(2019, 7, 1), null), Suspended, Active, null, Today, Settings)
            .Events.ShouldBe([new AuthorityReinstated(new DateOnly(2019, 7, 1))]);
        ShouldRefuse(ReinstateAuthorityEndpoint.Decide(new ReinstateAuthority(new DateOnly(2019, 5, 31), null), Suspended, Active, null, Today, Settings), "Date out of order");
        ShouldRefuse(ReinstateAuthorityEndpoint.Decide(new ReinstateAuthority(new DateOnly(2019, 7, 1), null), Authorized, Active, null, Today, Settings), "Transition not allowed");
        ShouldRefuse(ReinstateAuthorityEndpoint.Decide(new ReinstateAuthority(new DateOnly(2019, 7, 1), null), Suspended, Active.Next(new AgreementSuspended(new DateOnly(2019, 6, 1), "Audit")), null, Today, Settings), "Agreement not in force");
        ShouldRefuse(ReinstateAuthorityEndpoint.Decide(new ReinstateAuthority(new DateOnly(2019, 7, 1), null), Suspended, Active, Authorized with { Id = Guid.CreateVersion7() }, Today, Settings), "Authorized under another agreement");
    }

    [Fact]
    public void a_refresher_falls_due_a_year_after_certification_and_overdue_by_the_grace_it_suspends_authority_from_that_day()
    {
        var due = RefresherOverdue.For(Authorized, Settings);

        due.ShouldBe(new RefresherOverdue(OfficerId, new DateOnly(2019, 4, 15), new DateOnly(2020, 7, 13)));
        Settings.RefresherDueOn(new DateOnly(2019, 4, 15)).ShouldBe(new DateOnly(2020, 4, 14));
        due!.StillDue(Authorized, Settings).ShouldBeTrue();
        due.Decide(Authorized, Today).Events.ShouldBe([new AuthoritySuspendedForRefresher(new DateOnly(2020, 7, 13), new DateOnly(2019, 4, 15))]);
        due.Decide(Authorized, new DateOnly(2020, 7, 12)).IsAccepted.ShouldBeFalse();
    }

    [Fact]
    public void a_refresher_moves_the_deadline_and_leaves_the_one_scheduled_before_it_with_nothing_to_do()
    {
        var first = RefresherOverdue.For(Authorized, Settings)!;
        var refreshed = Authorized.Next(new TrainingCompleted(new DateOnly(2020, 4, 1), Course.Refresher, "ICE Academy, Charleston, SC"));

        refreshed.RefreshedOn.ShouldBe(new DateOnly(2020, 4, 1));
        RefresherOverdue.For(refreshed, Settings).ShouldBe(new RefresherOverdue(OfficerId, new DateOnly(2020, 4, 1), new DateOnly(2021, 6, 30)));
        first.StillDue(refreshed, Settings).ShouldBeFalse();
        first.StillDue(Suspended, Settings).ShouldBeFalse();
        first.StillDue(Authorized, Settings with { RefresherGraceDays = 0 }).ShouldBeFalse();
        RefresherOverdue.For(Ready, Settings).ShouldBeNull();
    }

    [Fact]
    public void an_authority_given_back_after_the_refresher_became_overdue_is_suspended_from_that_day()
    {
        var reinstatedLate = Suspended.Next(new AuthorityRestoredWithAgreement(new DateOnly(2020, 8, 1)));

        RefresherOverdue.For(reinstatedLate, Settings)!.Decide(reinstatedLate, Today).Events
            .ShouldBe([new AuthoritySuspendedForRefresher(new DateOnly(2020, 8, 1), new DateOnly(2019, 4, 15))]);
    }

    [Fact]
    public void a_reinstatement_on_a_day_the_refresher_is_overdue_is_refused_until_the_refresher_is_recorded()
    {
        ReinstateAuthorityEndpoint.Decide(new ReinstateAuthority(new DateOnly(2020, 7, 12), null), Suspended, Active, null, Today, Settings).IsAccepted.ShouldBeTrue();
        ShouldRefuse(ReinstateAuthorityEndpoint.Decide(new ReinstateAuthority(new DateOnly(2020, 7, 13), null), Suspended, Active, null, Today, Settings), "Refresher overdue");

        var refreshed = Suspended.Next(new TrainingCompleted(new DateOnly(2020, 7, 20), Course.Refresher, "Agency training room"));
        ReinstateAuthorityEndpoint.Decide(new ReinstateAuthority(new DateOnly(2020, 8, 1), null), refreshed, Active, null, Today, Settings)
            .Events.ShouldBe([new AuthorityReinstated(new DateOnly(2020, 8, 1))]);
    }

    [Fact]
    public void a_refresher_gives_back_the_authority_its_absence_suspended_from_the_suspension_or_from_its_own_day()
    {
        var overdue = Authorized.Next(RefresherOverdue.For(Authorized, Settings)!.Decide(Authorized, Today).Events.Single());
        overdue.SuspendedForRefresher.ShouldBeTrue();

        // Taken in time but recorded after the deadline ran: the authority never stopped.
        RecordTrainingEndpoint.Decide(new RecordTraining(new DateOnly(2020, 4, 1), "Refresher", "Agency training room", null), overdue, Active, Today).Events
            .ShouldBe([new TrainingCompleted(new DateOnly(2020, 4, 1), Course.Refresher, "Agency training room"), new AuthorityReinstated(new DateOnly(2020, 7, 13))]);

        // Taken late: back from the refresher's day.
        RecordTrainingEndpoint.Decide(new RecordTraining(new DateOnly(2020, 9, 1), "Refresher", "Agency training room", null), overdue, Active, Today).Events
            .ShouldBe([new TrainingCompleted(new DateOnly(2020, 9, 1), Course.Refresher, "Agency training room"), new AuthorityReinstated(new DateOnly(2020, 9, 1))]);

        // Not under an agreement that is not active, and not for a suspension by the program office.
        RecordTrainingEndpoint.Decide(new RecordTraining(new DateOnly(2020, 9, 1), "Refresher", "Agency training room", null), overdue, Active.Next(new AgreementSuspended(new DateOnly(2020, 8, 1), "Audit")), Today).Events
            .ShouldBe([new TrainingCompleted(new DateOnly(2020, 9, 1), Course.Refresher, "Agency training room")]);
        RecordTrainingEndpoint.Decide(new RecordTraining(new DateOnly(2020, 9, 1), "Refresher", "Agency training room", null), Suspended, Active, Today).Events
            .ShouldBe([new TrainingCompleted(new DateOnly(2020, 9, 1), Course.Refresher, "Agency training room")]);
    }

    [Fact]
    public void a_wrongly_recorded_certification_date_is_corrected_with_what_was_counted_from_it()
    {
        var decision = CorrectOfficerEndpoint.Decide(new CorrectOfficer("certifiedOn", new DateOnly(2019, 4, 20), " The certificate says the 20th ", null), Authorized, Active, Today);

        decision.Events.ShouldBe([new OfficerDateCorrected(Today, "certifiedOn", new DateOnly(2019, 4, 15), new DateOnly(2019, 4, 20), "The certificate says the 20th")]);
        var corrected = Authorized.Next(decision.Events.Single());
        (corrected.CertifiedOn, corrected.RefreshedOn, corrected.LastChangeOn, corrected.Version).ShouldBe(((DateOnly?)new DateOnly(2019, 4, 20), (DateOnly?)new DateOnly(2019, 4, 20), (DateOnly?)new DateOnly(2019, 4, 20), Authorized.Version + 1));
        Cleared.Next(CorrectOfficerEndpoint.Decide(new CorrectOfficer("clearedOn", new DateOnly(2019, 2, 20), "Typo", null), Cleared, Active, Today).Events.Single()).ClearedOn.ShouldBe(new DateOnly(2019, 2, 20));
        Nominated.Next(CorrectOfficerEndpoint.Decide(new CorrectOfficer("nominatedOn", new DateOnly(2019, 1, 30), "Typo", null), Nominated, Active, Today).Events.Single()).NominatedOn.ShouldBe(new DateOnly(2019, 1, 30));
    }

    [Fact]
    public void a_correction_that_would_put_the_record_out_of_order_or_changes_nothing_is_refused()
    {
        ShouldRefuse(CorrectOfficerEndpoint.Decide(new CorrectOfficer("certifiedOn", new DateOnly(2019, 4, 15), "Same", null), Authorized, Active, Today), "Nothing to correct");
        ShouldRefuse(CorrectOfficerEndpoint.Decide(new CorrectOfficer("certifiedOn", new DateOnly(2019, 4, 20), "Never certified", null), Ready, Active, Today), "Nothing to correct");
        ShouldRefuse(CorrectOfficerEndpoint.Decide(new CorrectOfficer("certifiedOn", new DateOnly(2019, 4, 11), "Before the course", null), Authorized, Active, Today), "Date out of order");
        ShouldRefuse(CorrectOfficerEndpoint.Decide(new CorrectOfficer("certifiedOn", new DateOnly(2019, 4, 20), "A suspension since", null), Suspended, Active, Today), "Changed since");
        ShouldRefuse(CorrectOfficerEndpoint.Decide(new CorrectOfficer("certifiedOn", Today.AddDays(1), "Tomorrow", null), Authorized, Active, Today), "Date in the future");
        var refreshed = Authorized.Next(new TrainingCompleted(new DateOnly(2019, 5, 1), Course.Refresher, "Agency training room"));
        ShouldRefuse(CorrectOfficerEndpoint.Decide(new CorrectOfficer("certifiedOn", new DateOnly(2019, 5, 2), "After the refresher", null), refreshed, Active, Today), "Date out of order");
        ShouldRefuse(CorrectOfficerEndpoint.Decide(new CorrectOfficer("clearedOn", new DateOnly(2019, 4, 16), "After the certification", null), Authorized, Active, Today), "Date out of order");
        ShouldRefuse(CorrectOfficerEndpoint.Decide(new CorrectOfficer("nominatedOn", new DateOnly(2019, 1, 1), "Before the request", null), Authorized, Active, Today), "Date out of order");
        ShouldRefuse(CorrectOfficerEndpoint.Decide(new CorrectOfficer("nominatedOn", new DateOnly(2019, 3, 2), "After the investigation", null), Authorized, Active, Today), "Date out of order");
        ShouldRefuse(CorrectOfficerEndpoint.Decide(new CorrectOfficer("certifiedOn", new DateOnly(2019, 4, 20), "Stale", 3), Authorized, Active, Today), "Stale version");
    }

    [Fact]
    public void the_date_of_the_suspension_in_force_or_of_the_end_is_corrected_on_or_after_the_change_before_it()
    {
        var suspension = CorrectOfficerEndpoint.Decide(new CorrectOfficer("suspendedOn", new DateOnly(2019, 5, 20), "The order is dated the 20th", null), Suspended, Active, Today);

        suspension.Events.ShouldBe([new OfficerDateCorrected(Today, "suspendedOn", new DateOnly(2019, 6, 1), new DateOnly(2019, 5, 20), "The order is dated the 20th")]);
        var corrected = Suspended.Next(suspension.Events.Single());
        (corrected.SuspendedOn, corrected.LastChangeOn, corrected.Status).ShouldBe(((DateOnly?)new DateOnly(2019, 5, 20), (DateOnly?)new DateOnly(2019, 5, 20), OfficerStatus.Suspended));
        ShouldRefuse(CorrectOfficerEndpoint.Decide(new CorrectOfficer("suspendedOn", new DateOnly(2019, 4, 14), "Before the certification", null), Suspended, Active, Today), "Date out of order");
        var reinstated = Suspended.Next(new AuthorityReinstated(new DateOnly(2019, 7, 1)));
        reinstated.AuthorizedSince.ShouldBe(new DateOnly(2019, 7, 1));
        var again = reinstated.Next(new AuthoritySuspended(new DateOnly(2019, 9, 1), "Audit"));
        ShouldRefuse(CorrectOfficerEndpoint.Decide(new CorrectOfficer("suspendedOn", new DateOnly(2019, 6, 30), "Before the reinstatement", null), again, Active, Today), "Date out of order");
        ShouldRefuse(CorrectOfficerEndpoint.Decide(new CorrectOfficer("suspendedOn", new DateOnly(2019, 8, 1), "Lifted since", null), reinstated, Active, Today), "Nothing to correct");

        var revoked = Authorized.Next(new AuthorityRevoked(new DateOnly(2019, 8, 1), "Misconduct finding"));
        var end = CorrectOfficerEndpoint.Decide(new CorrectOfficer("endedOn", new DateOnly(2019, 7, 25), "The finding took effect on the 25th", null), revoked, Active, Today);
        revoked.Next(end.Events.Single()).EndedOn.ShouldBe(new DateOnly(2019, 7, 25));
        ShouldRefuse(CorrectOfficerEndpoint.Decide(new CorrectOfficer("endedOn", new DateOnly(2019, 4, 1), "Before the certification", null), revoked, Active, Today), "Date out of order");
        ShouldRefuse(CorrectOfficerEndpoint.Decide(new CorrectOfficer("endedOn", new DateOnly(2019, 8, 1), "Not ended", null), Authorized, Active, Today), "Nothing to correct");
    }

    [Fact]
    public void a_suspension_or_end_dated_by_the_agreement_or_the_refresher_deadline_is_not_corrected_on_the_officer()
    {
        var withAgreement = Authorized.Next(new AuthorityLapsedWithAgreement(new DateOnly(2019, 6, 1), AgreementStatus.Suspended));
        ShouldRefuse(CorrectOfficerEndpoint.Decide(new CorrectOfficer("suspendedOn", new DateOnly(2019, 5, 20), "Typo", null), withAgreement, Active, Today), "Follows the agreement");
        var lapsed = Authorized.Next(new AuthorityLapsedWithAgreement(new DateOnly(2020, 1, 1), AgreementStatus.Terminated));
        ShouldRefuse(CorrectOfficerEndpoint.Decide(new CorrectOfficer("endedOn", new DateOnly(2019, 12, 1), "Typo", null), lapsed, Active, Today), "Follows the agreement");
        var overdue = Authorized.Next(new AuthoritySuspendedForRefresher(new DateOnly(2020, 7, 14), new DateOnly(2019, 4, 15)));
        ShouldRefuse(CorrectOfficerEndpoint.Decide(new CorrectOfficer("suspendedOn", new DateOnly(2020, 7, 1), "Typo", null), overdue, Active, Today), "Follows the refresher deadline");
    }

    [Fact]
    public void a_revocation_ends_authority_for_good()
    {
        var revoked = Suspended.Next(RevokeAuthorityEndpoint.Decide(new RevokeAuthority(new DateOnly(2019, 8, 1), "Misconduct finding", null), Suspended, Today).Events.Single());

        revoked.Status.ShouldBe(OfficerStatus.Revoked);
        ShouldRefuse(RevokeAuthorityEndpoint.Decide(new RevokeAuthority(new DateOnly(2019, 8, 1), "Again", null), revoked, Today), "Transition not allowed");
        ShouldRefuse(RevokeAuthorityEndpoint.Decide(new RevokeAuthority(new DateOnly(2019, 8, 1), "Never certified", null), Ready, Today), "Transition not allowed");
        ShouldRefuse(ReinstateAuthorityEndpoint.Decide(new ReinstateAuthority(new DateOnly(2019, 9, 1), null), revoked, Active, null, Today, Settings), "Transition not allowed");
    }

    [Fact]
    public void a_separation_ends_the_nomination_at_any_stage_on_or_after_its_last_change()
    {
        SeparateOfficerEndpoint.Decide(new SeparateOfficer(new DateOnly(2019, 2, 15), "  ", null), Nominated, Today).Events.ShouldBe([new OfficerSeparated(new DateOnly(2019, 2, 15), null)]);
        SeparateOfficerEndpoint.Decide(new SeparateOfficer(new DateOnly(2019, 9, 1), "Retired", null), Suspended, Today).Events.ShouldBe([new OfficerSeparated(new DateOnly(2019, 9, 1), "Retired")]);
        ShouldRefuse(SeparateOfficerEndpoint.Decide(new SeparateOfficer(new DateOnly(2019, 5, 31), null, null), Suspended, Today), "Date out of order");
        ShouldRefuse(SeparateOfficerEndpoint.Decide(new SeparateOfficer(Today.AddDays(1), null, null), Authorized, Today), "Date in the future");
    }

    [Fact]
    public void the_officers_follow_their_agreement_suspended_reinstated_and_ended()
    {
        var suspendedAgreement = Active.Next(new AgreementSuspended(new DateOnly(2019, 6, 1), "Audit"));
        var withAgreement = Authorized.Next(FollowAgreementHandler.Decide(Authorized, suspendedAgreement)!);
        FollowAgreementHandler.Decide(Authorized, suspendedAgreement).ShouldBe(new AuthorityLapsedWithAgreement(new DateOnly(2019, 6, 1), AgreementStatus.Suspended));

        // Suspended by the office: the agreement's reinstatement does not restore it; suspended with the agreement, it does.
        var reinstatedAgreement = suspendedAgreement.Next(new AgreementReinstated(new DateOnly(2019, 7, 1)));
        FollowAgreementHandler.Decide(withAgreement, reinstatedAgreement).ShouldBe(new AuthorityRestoredWithAgreement(new DateOnly(2019, 7, 1)));
        FollowAgreementHandler.Decide(Suspended, reinstatedAgreement).ShouldBeNull();
        FollowAgreementHandler.Decide(Suspended, suspendedAgreement).ShouldBeNull();

        var terminated = Active.Next(new AgreementTerminated(new DateOnly(2020, 1, 1), TerminationInitiator.ICE, "Review"));
        FollowAgreementHandler.Decide(Authorized, terminated).ShouldBe(new AuthorityLapsedWithAgreement(new DateOnly(2020, 1, 1), AgreementStatus.Terminated));
        FollowAgreementHandler.Decide(Suspended, terminated).ShouldBe(new AuthorityLapsedWithAgreement(new DateOnly(2020, 1, 1), AgreementStatus.Terminated));
        FollowAgreementHandler.Decide(Ready, terminated).ShouldBeNull();
        FollowAgreementHandler.Decide(Authorized, Active.Next(new AgreementExpired(new DateOnly(2022, 1, 22)))).ShouldBe(new AuthorityLapsedWithAgreement(new DateOnly(2022, 1, 22), AgreementStatus.Expired));
        FollowAgreementHandler.Decide(Authorized, Active.Next(new AgreementDelisted(new DateOnly(2019, 5, 20), new DateOnly(2020, 1, 13)))).ShouldBe(new AuthorityLapsedWithAgreement(new DateOnly(2020, 1, 13), AgreementStatus.Delisted));

        // A termination recorded ahead of its date changes nothing until it takes effect.
        FollowAgreementHandler.Decide(Authorized, Active.Next(new AgreementTerminated(new DateOnly(2027, 1, 1), TerminationInitiator.ICE, "Review", Scheduled: true))).ShouldBeNull();
        FollowAgreementHandler.Decide(Authorized, Active).ShouldBeNull();
    }
}
