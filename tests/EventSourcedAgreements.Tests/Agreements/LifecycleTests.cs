using System.Net;
using System.Text.Json;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Tests.Fixtures;

namespace EventSourcedAgreements.Tests.Agreements;

public sealed class LifecycleTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task requesting_creates_the_agreement_with_a_location_and_a_readable_agency_id()
    {
        var result = await Send(
            "/api/agreements",
            new { state = " florida ", agencyName = "Hernando  County Sheriff’s Office", agencyType = "county", model = "Jail Enforcement Model", requestedOn = "2019-01-02" },
            Officer,
            HttpStatusCode.Created);

        var accepted = result.ReadAsJson<AgreementAccepted>()!;
        accepted.Status.ShouldBe(AgreementStatus.Requested);
        accepted.Version.ShouldBe(1);
        accepted.Id.Version.ShouldBe(7);
        result.Context.Response.Headers.Location.ToString().ShouldBe($"/api/agreements/{accepted.Id}");

        var agreement = await Details(accepted.Id);
        agreement.AgencyId.ShouldBe("fl-hernando-county-sheriffs-office");
        agreement.State.ShouldBe("FL");
        agreement.AgencyName.ShouldBe("Hernando County Sheriff’s Office");
        agreement.Model.ShouldBe(SupportModel.JEM);
        agreement.RequestedOn.ShouldBe(new DateOnly(2019, 1, 2));
    }

    [Fact]
    public async Task an_agreement_goes_through_every_transition_and_its_history_tells_each_step()
    {
        var id = await Requested();

        (await Send(id, new SignAgreement(new DateOnly(2019, 1, 22), "https://www.ice.gov/moa/2019.pdf", new DateOnly(2022, 1, 22), ExpectedVersion: 1)))
            .ShouldBe(new AgreementAccepted(id, AgreementStatus.Active, 2));
        (await Send(id, new AmendAgreement(new DateOnly(2019, 3, 1), "Adds the county jail annex", MoaUrl: null, ExpiresOn: null, ExpectedVersion: 2)))
            .ShouldBe(new AgreementAccepted(id, AgreementStatus.Active, 3));
        (await Send(id, new SuspendAgreement(new DateOnly(2019, 6, 1), "Training audit", ExpectedVersion: null)))
            .ShouldBe(new AgreementAccepted(id, AgreementStatus.Suspended, 4));
        (await Send(id, new ReinstateAgreement(new DateOnly(2019, 7, 1), ExpectedVersion: null)))
            .ShouldBe(new AgreementAccepted(id, AgreementStatus.Active, 5));
        (await Send(id, new RenewAgreement(new DateOnly(2020, 1, 22), "https://www.ice.gov/moa/2020.pdf", new DateOnly(2023, 1, 22), ExpectedVersion: null)))
            .ShouldBe(new AgreementAccepted(id, AgreementStatus.Active, 6));

        var renewed = await Details(id);
        renewed.FirstSignedOn.ShouldBe(new DateOnly(2019, 1, 22));
        renewed.SignedOn.ShouldBe(new DateOnly(2020, 1, 22));
        renewed.MoaUrl.ShouldBe("https://www.ice.gov/moa/2020.pdf");
        renewed.ExpiresOn.ShouldBe(new DateOnly(2023, 1, 22));

        (await Send(id, new TerminateAgreement(new DateOnly(2022, 3, 1), "ICE", "Program review", ExpectedVersion: null)))
            .ShouldBe(new AgreementAccepted(id, AgreementStatus.Terminated, 7));

        var terminated = await Details(id);
        terminated.Status.ShouldBe(AgreementStatus.Terminated);
        terminated.Version.ShouldBe(7);
        terminated.EndedOn.ShouldBe(new DateOnly(2022, 3, 1));
        terminated.EndReason.ShouldBe("Program review");

        var history = await Send($"/api/agreements/{id}/history", null, App.TokenFor(EventSourcedAgreements.Security.Roles.Auditor), HttpStatusCode.OK, "GET");
        var entries = history.ReadAsJson<JsonElement>().EnumerateArray().ToList();
        entries.Select(e => e.GetProperty("type").GetString()).ShouldBe(
        [
            nameof(AgreementRequested), nameof(AgreementSigned), nameof(AgreementAmended), nameof(AgreementSuspended),
            nameof(AgreementReinstated), nameof(AgreementRenewed), nameof(AgreementTerminated),
        ]);
        entries.Select(e => e.GetProperty("version").GetInt64()).ShouldBe([1L, 2, 3, 4, 5, 6, 7]);
        entries.Select(e => e.GetProperty("on").GetString()).ShouldBe(
            ["2019-01-02", "2019-01-22", "2019-03-01", "2019-06-01", "2019-07-01", "2020-01-22", "2022-03-01"]);
        entries.ShouldAllBe(e => e.GetProperty("actor").GetString() == "Pat Officer");
        entries.ShouldAllBe(e => e.GetProperty("recordedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        entries[5].GetProperty("data").GetProperty("replacedMoaSignedOn").GetString().ShouldBe("2019-01-22");
        entries[6].GetProperty("data").GetProperty("initiatedBy").GetString().ShouldBe("ICE");
    }

    [Fact]
    public async Task a_request_can_be_withdrawn_by_its_agency()
    {
        var id = await Requested();
        var agency = App.TokenFor(EventSourcedAgreements.Security.Roles.Agency, "fl-hernando-county-sheriffs-office", "Hernando records clerk");
        var before = DateOnly.FromDateTime(DateTime.UtcNow);

        (await Send(id, new WithdrawRequest("Board vote", ExpectedVersion: null), token: agency))
            .ShouldBe(new AgreementAccepted(id, AgreementStatus.Withdrawn, 2));

        var withdrawn = await Details(id);
        withdrawn.EndReason.ShouldBe("Board vote");
        withdrawn.EndedOn.ShouldNotBeNull().ShouldBeInRange(before, DateOnly.FromDateTime(DateTime.UtcNow));
        (await Events(id))[^1].UserName.ShouldBe("Hernando records clerk");
    }

    [Fact]
    public async Task a_request_can_be_rejected_by_the_program_office()
    {
        var id = await Requested();

        (await Send(id, new RejectRequest("Incomplete application", ExpectedVersion: null)))
            .ShouldBe(new AgreementAccepted(id, AgreementStatus.Rejected, 2));
        (await Details(id)).EndReason.ShouldBe("Incomplete application");
    }

    [Fact]
    public async Task an_agreement_whose_expiry_date_passed_can_be_recorded_as_expired()
    {
        var id = await SignedAgreement(expiresOn: new DateOnly(2022, 1, 22));

        (await Send(id, new RecordExpiry(ExpectedVersion: null)))
            .ShouldBe(new AgreementAccepted(id, AgreementStatus.Expired, 3));

        var expired = await Details(id);
        expired.EndedOn.ShouldBe(new DateOnly(2022, 1, 22));
        (await Events(id))[^1].Data.ShouldBe(new AgreementExpired(new DateOnly(2022, 1, 22)));
    }

    [Fact]
    public async Task a_closed_agreement_frees_the_model_for_a_new_request_of_the_same_agency()
    {
        var first = await SignedAgreement();
        await Send(first, new TerminateAgreement(new DateOnly(2020, 1, 1), "Agency", "Ended", ExpectedVersion: null));

        var second = await Requested();

        second.ShouldNotBe(first);
        var agency = await Send("/api/agencies/fl-hernando-county-sheriffs-office", null, null, HttpStatusCode.OK, "GET");
        var body = agency.ReadAsJson<JsonElement>();
        body.GetProperty("agreements").EnumerateArray().Select(a => a.GetProperty("status").GetString()).ShouldBe(["Terminated", "Requested"]);
    }

    [Fact]
    public async Task an_agency_holds_one_agreement_per_model_and_several_models()
    {
        await SignedAgreement();
        await Requested(new RequestAgreement("FL", "Hernando County Sheriffs Office", AgencyType: null, County: null, "WSO", RequestedOn: null));

        var agency = await Send("/api/agencies/fl-hernando-county-sheriffs-office", null, null, HttpStatusCode.OK, "GET");
        var body = agency.ReadAsJson<JsonElement>();
        body.GetProperty("name").GetString().ShouldBe("Hernando County Sheriffs Office");
        body.GetProperty("agreements").EnumerateArray().Select(a => a.GetProperty("model").GetString()).ShouldBe(["JEM", "WSO"]);
    }

    [Fact]
    public async Task the_list_filters_by_state_model_and_status()
    {
        var hernando = await SignedAgreement();
        await Requested(new RequestAgreement("TX", "Lubbock County Sheriff's Office", AgencyType: null, County: null, "TFM", RequestedOn: null));
        await Requested(new RequestAgreement("FL", "Bay County Sheriff's Office", AgencyType: null, County: null, "WSO", RequestedOn: null));

        async Task<List<Guid>> List(string query) =>
            [.. (await Service.AllAsync<Agreement>($"/api/agreements{query}")).Select(a => a.Id)];

        (await List("")).Count.ShouldBe(3);
        (await List("?state=Florida")).Count.ShouldBe(2);
        (await List("?state=fl&model=jail%20enforcement%20model")).ShouldBe([hernando]);
        (await List("?status=active")).ShouldBe([hernando]);
        (await List("?state=TX&model=JEM")).ShouldBeEmpty();
        (await List("?state=&model=&status=")).Count.ShouldBe(3);
    }
}
