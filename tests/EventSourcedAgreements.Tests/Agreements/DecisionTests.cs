using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Agreements;

namespace EventSourcedAgreements.Tests.Agreements;

public sealed class DecisionTests
{
    private static readonly DateOnly Today = new(2026, 11, 30);
    private static readonly Guid Id = Guid.CreateVersion7();

    private static Agreement Requested => Agreement.Start(new AgreementRequested(
        Id, "fl-hernando-county-sheriffs-office", "FL", "Hernando County Sheriff's Office", AgencyType.County, "Hernando", SupportModel.JEM, new DateOnly(2019, 1, 2)));

    private static Agreement Active => Requested.Next(new AgreementSigned(new DateOnly(2019, 1, 22), null, new DateOnly(2022, 1, 22)));

    [Fact]
    public void a_request_defaults_its_date_to_today()
    {
        var request = new NewAgreement(Id, UsState.FromCode("FL"), "Hernando County Sheriff's Office", null, null, SupportModel.WSO, RequestedOn: null);

        var decision = RequestAgreementEndpoint.Decide(request, openForSameModel: null, Today);

        decision.Events.ShouldBe([new AgreementRequested(Id, "fl-hernando-county-sheriffs-office", "FL", "Hernando County Sheriff's Office", null, null, SupportModel.WSO, Today)]);
    }

    [Fact]
    public void a_clerk_of_an_agency_on_record_may_leave_out_its_state_and_name_and_the_record_gives_them()
    {
        var hernando = AgencyDetails.From("fl-hernando-county-sheriffs-office", [Requested]);
        var clerk = new Asker(ForAnyAgency: false, hernando.Id, hernando);
        var command = new RequestAgreement(State: null, AgencyName: null, AgencyType: null, County: null, "WSO", RequestedOn: null);

        RequestAgreementEndpoint.Validate(command, clerk).ShouldBeSameAs(Wolverine.Http.WolverineContinue.NoProblems);
        var request = NewAgreement.From(command, clerk, Id);

        (request.AgencyId, request.State.Code, request.AgencyName).ShouldBe((hernando.Id, "FL", "Hernando County Sheriff's Office"));
        RequestAgreementEndpoint.Validate(command, Asker.ProgramOffice).Status.ShouldBe(400);
        RequestAgreementEndpoint.Validate(command with { State = "Georgia" }, clerk).Status.ShouldBe(403);
    }

    [Fact]
    public void a_request_is_refused_while_the_agency_holds_an_open_agreement_of_that_model()
    {
        var request = new NewAgreement(Guid.CreateVersion7(), UsState.FromCode("FL"), "Hernando County Sheriffs Office", null, null, SupportModel.JEM, null);

        var decision = RequestAgreementEndpoint.Decide(request, Active, Today);

        decision.IsAccepted.ShouldBeFalse();
        decision.Events.ShouldBeEmpty();
        decision.Problem!.Status.ShouldBe(409);
    }

    [Fact]
    public void signing_a_request_activates_it()
    {
        var decision = SignAgreementEndpoint.Decide(new SignAgreement(new DateOnly(2019, 1, 22), "https://ice.gov/moa.pdf", null, 1), Requested, Today);

        decision.Events.ShouldBe([new AgreementSigned(new DateOnly(2019, 1, 22), "https://ice.gov/moa.pdf", null)]);
        Requested.Next(decision.Events[0]).ShouldBe(Requested with
        {
            Version = 2,
            Status = AgreementStatus.Active,
            FirstSignedOn = new DateOnly(2019, 1, 22),
            SignedOn = new DateOnly(2019, 1, 22),
            MoaUrl = "https://ice.gov/moa.pdf",
            MoaPosted = true,
        });
    }

    [Fact]
    public void signing_twice_is_refused()
    {
        SignAgreementEndpoint.Decide(new SignAgreement(new DateOnly(2019, 2, 1), null, null, null), Active, Today).Problem!.Status.ShouldBe(409);
    }

    [Fact]
    public void signing_today_is_allowed_and_tomorrow_is_not()
    {
        SignAgreementEndpoint.Decide(new SignAgreement(Today, null, null, null), Requested, Today).IsAccepted.ShouldBeTrue();
        SignAgreementEndpoint.Decide(new SignAgreement(Today.AddDays(1), null, null, null), Requested, Today).IsAccepted.ShouldBeFalse();
    }

    [Fact]
    public void an_amendment_keeps_what_it_does_not_change()
    {
        var decision = AmendAgreementEndpoint.Decide(new AmendAgreement(new DateOnly(2019, 3, 1), " New annex ", null, null, null), Active);

        decision.Events.ShouldBe([new AgreementAmended(new DateOnly(2019, 3, 1), "New annex", null, null)]);
        var amended = Active.Next(decision.Events[0]);
        amended.ExpiresOn.ShouldBe(Active.ExpiresOn);
        amended.Status.ShouldBe(AgreementStatus.Active);
    }

    [Fact]
    public void a_renewal_replaces_the_moa_in_force_and_remembers_the_one_it_replaced()
    {
        var decision = RenewAgreementEndpoint.Decide(new RenewAgreement(new DateOnly(2020, 6, 16), "https://ice.gov/2020.pdf", new DateOnly(2023, 6, 16), null), Active, Today);

        decision.Events.ShouldBe([new AgreementRenewed(new DateOnly(2020, 6, 16), "https://ice.gov/2020.pdf", new DateOnly(2023, 6, 16), new DateOnly(2019, 1, 22))]);
        var renewed = Active.Next(decision.Events[0]);
        renewed.FirstSignedOn.ShouldBe(new DateOnly(2019, 1, 22));
        renewed.SignedOn.ShouldBe(new DateOnly(2020, 6, 16));
    }

    [Fact]
    public void a_renewal_after_the_expiry_of_the_moa_in_force_is_refused()
    {
        var decision = RenewAgreementEndpoint.Decide(new RenewAgreement(new DateOnly(2022, 2, 1), null, null, null), Active, Today);

        decision.Problem!.Detail.ShouldNotBeNull().ShouldContain("expired on 2022-01-22");
    }

    [Fact]
    public void suspension_and_reinstatement_alternate()
    {
        var suspended = Active.Next(SuspendAgreementEndpoint.Decide(new SuspendAgreement(new DateOnly(2019, 6, 1), "audit", null), Active, Today).Events.Single());
        suspended.Status.ShouldBe(AgreementStatus.Suspended);

        SuspendAgreementEndpoint.Decide(new SuspendAgreement(new DateOnly(2019, 6, 2), "again", null), suspended, Today).IsAccepted.ShouldBeFalse();
        var reinstated = suspended.Next(ReinstateAgreementEndpoint.Decide(new ReinstateAgreement(new DateOnly(2019, 7, 1), null), suspended).Events.Single());
        reinstated.Status.ShouldBe(AgreementStatus.Active);
        SuspendAgreementEndpoint.Decide(new SuspendAgreement(new DateOnly(2019, 6, 30), "before reinstatement", null), reinstated, Today).IsAccepted.ShouldBeFalse();
    }

    [Fact]
    public void a_termination_may_take_effect_in_the_future_but_not_after_the_expiry()
    {
        var withinNotice = TerminateAgreementEndpoint.Decide(new TerminateAgreement(new DateOnly(2021, 12, 1), "agency", "Notice given", null), Active, Today);
        withinNotice.Events.ShouldBe([new AgreementTerminated(new DateOnly(2021, 12, 1), TerminationInitiator.Agency, "Notice given")]);

        var afterExpiry = TerminateAgreementEndpoint.Decide(new TerminateAgreement(new DateOnly(2022, 6, 1), "ICE", "Too late", null), Active, Today);
        afterExpiry.Problem!.Title.ShouldBe("Agreement expired");
    }

    [Fact]
    public void only_a_request_can_be_withdrawn()
    {
        WithdrawRequestEndpoint.Decide(new WithdrawRequest(null, null), Requested, Today).Events.ShouldBe([new RequestWithdrawn(Today, null)]);
        WithdrawRequestEndpoint.Decide(new WithdrawRequest(null, null), Active, Today).IsAccepted.ShouldBeFalse();
    }

    [Fact]
    public void an_expiry_is_recorded_on_its_date_once_that_date_has_come()
    {
        RecordExpiryEndpoint.Decide(new RecordExpiry(null), Active, new DateOnly(2022, 1, 21)).Problem!.Title.ShouldBe("Not yet expired");
        RecordExpiryEndpoint.Decide(new RecordExpiry(null), Active, new DateOnly(2022, 1, 22)).Events.ShouldBe([new AgreementExpired(new DateOnly(2022, 1, 22))]);
    }

    [Fact]
    public void a_stale_expected_version_is_refused_before_any_other_rule()
    {
        var decision = SignAgreementEndpoint.Decide(new SignAgreement(new DateOnly(2018, 1, 1), null, null, ExpectedVersion: 5), Active, Today);

        decision.Problem!.Title.ShouldBe("Stale version");
    }

    [Fact]
    public void an_amendment_cannot_revive_an_expired_moa()
    {
        var decision = AmendAgreementEndpoint.Decide(new AmendAgreement(new DateOnly(2022, 2, 1), "extend", null, new DateOnly(2030, 1, 1), null), Active);

        decision.Problem!.Title.ShouldBe("Agreement expired");
    }

    [Fact]
    public void a_termination_cannot_fall_inside_an_earlier_suspension()
    {
        var reinstated = Active
            .Next(new AgreementSuspended(new DateOnly(2019, 6, 1), "audit"))
            .Next(new AgreementReinstated(new DateOnly(2019, 9, 1)));

        var decision = TerminateAgreementEndpoint.Decide(new TerminateAgreement(new DateOnly(2019, 7, 1), "ICE", "x", null), reinstated, Today);

        decision.Problem!.Detail.ShouldBe("effectiveOn 2019-07-01 is before the last reinstatement 2019-09-01.");
    }

    [Fact]
    public void a_reinstatement_cannot_predate_a_renewal_signed_during_the_suspension()
    {
        var renewedWhileSuspended = Active
            .Next(new AgreementSuspended(new DateOnly(2019, 6, 1), "audit"))
            .Next(new AgreementRenewed(new DateOnly(2020, 1, 22), null, null, new DateOnly(2019, 1, 22)));

        var decision = ReinstateAgreementEndpoint.Decide(new ReinstateAgreement(new DateOnly(2019, 7, 1), null), renewedWhileSuspended);

        decision.Problem!.Detail.ShouldBe("effectiveOn 2019-07-01 is before the signing of the MOA in force 2020-01-22.");
    }
}
