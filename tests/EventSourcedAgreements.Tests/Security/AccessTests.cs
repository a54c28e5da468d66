using System.Net;
using EventSourcedAgreements.Tests.Fixtures;
using static EventSourcedAgreements.Security.Roles;

namespace EventSourcedAgreements.Tests.Security;

public sealed class AccessTests(AppFixture app) : AppTest(app)
{
    private const string Hernando = "fl-hernando-county-sheriffs-office";

    [Theory]
    [InlineData("/api/agreements")]
    [InlineData("/api/agreements/{id}/sign")]
    [InlineData("/api/agreements/{id}/terminate")]
    [InlineData("/api/agreements/{id}/withdraw")]
    public async Task a_command_without_a_token_is_a_401(string route)
    {
        var id = await Requested();

        await Send(route.Replace("{id}", id.ToString(), StringComparison.Ordinal), new { signedOn = "2019-01-22" }, token: null, HttpStatusCode.Unauthorized);

        (await Events(id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task a_token_signed_with_another_key_is_a_401()
    {
        var forged = EventSourcedAgreements.Security.TokenIssuer.Issue(
            new EventSourcedAgreements.Security.AuthSettings { SigningKey = new string('k', 48) },
            ProgramOfficer,
            "Mallory",
            null,
            DateTimeOffset.UtcNow,
            TimeSpan.FromHours(1));

        await Send("/api/agreements", HernandoJem, forged, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData(Auditor, "sign")]
    [InlineData(Agency, "sign")]
    [InlineData(Agency, "reject")]
    [InlineData(Auditor, "withdraw")]
    public async Task a_command_from_the_wrong_role_is_a_403(string role, string action)
    {
        var id = await Requested();

        await Send($"/api/agreements/{id}/{action}", new { signedOn = "2019-01-22", reason = "x" }, App.TokenFor(role, Hernando), HttpStatusCode.Forbidden);

        (await Events(id)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task an_auditor_cannot_request_an_agreement()
    {
        await Send("/api/agreements", HernandoJem, App.TokenFor(Auditor), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task an_agency_requests_and_withdraws_for_itself_but_not_for_another_agency()
    {
        var other = App.TokenFor(Agency, "fl-bay-county-sheriffs-office");
        var own = App.TokenFor(Agency, Hernando);

        var problem = await Problem("/api/agreements", HernandoJem, HttpStatusCode.Forbidden, other);
        problem.Detail.ShouldBe($"This token is for agency fl-bay-county-sheriffs-office, which has no agreement on record yet; it cannot ask on behalf of Hernando County Sheriff's Office, FL ({Hernando}): its first request names its state and agencyName as they make its id.");

        var created = await Send("/api/agreements", HernandoJem, own, HttpStatusCode.Created);
        var id = created.ReadAsJson<EventSourcedAgreements.Agreements.AgreementAccepted>()!.Id;

        await Problem(id, new WithdrawRequest("not ours", ExpectedVersion: null), HttpStatusCode.Forbidden, other);
        (await Events(id)).Count.ShouldBe(1);
        await Send(id, new WithdrawRequest("ours", ExpectedVersion: null), token: own);
    }

    [Fact]
    public async Task an_agency_terminates_its_own_agreement_only_as_the_initiator()
    {
        var id = await SignedAgreement();
        var own = App.TokenFor(Agency, Hernando);

        await Problem(id, new TerminateAgreement(new DateOnly(2020, 1, 1), "ICE", "x", ExpectedVersion: null), HttpStatusCode.Forbidden, own);
        await Problem(id, new TerminateAgreement(new DateOnly(2020, 1, 1), "Agency", "x", ExpectedVersion: null), HttpStatusCode.Forbidden, App.TokenFor(Agency, "tx-lubbock-county-sheriffs-office"));
        (await Events(id)).Count.ShouldBe(2);

        await Send(id, new TerminateAgreement(new DateOnly(2020, 1, 1), "Agency", "Board vote", ExpectedVersion: null), token: own);
        (await Events(id))[^1].UserName.ShouldBe($"{Agency} in tests");
    }

    [Fact]
    public async Task history_is_for_the_program_office_and_auditors_while_details_are_public()
    {
        var id = await Requested();

        await Send($"/api/agreements/{id}/history", null, null, HttpStatusCode.Unauthorized, "GET");
        await Send($"/api/agreements/{id}/history", null, App.TokenFor(Agency, Hernando), HttpStatusCode.Forbidden, "GET");
        await Send($"/api/agreements/{id}/history", null, App.TokenFor(Auditor), HttpStatusCode.OK, "GET");
        await Send($"/api/agreements/{id}/history", null, Officer, HttpStatusCode.OK, "GET");
        await Send($"/api/agreements/{id}", null, null, HttpStatusCode.OK, "GET");
        await Send($"/api/agencies/{Hernando}", null, null, HttpStatusCode.OK, "GET");
    }
}
