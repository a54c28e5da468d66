using System.Net;
using System.Text.Json;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Tests.Fixtures;
using static EventSourcedAgreements.Security.Roles;

namespace EventSourcedAgreements.Tests.Agreements;

/// <summary>
/// An agency's clerk asks to join as the agency the token names: once the record knows the agency, the request may leave
/// out its state and name; naming another agency is a 403 that says whose token it is; a first request names the agency
/// as its token's id spells it. The program office always names the agency.
/// </summary>
public sealed class RequestingTests(AppFixture app) : AppTest(app)
{
    private const string Hernando = "fl-hernando-county-sheriffs-office";
    private const string Marion = "fl-marion-county-sheriffs-office";

    private string HernandoClerk => App.TokenFor(Agency, Hernando, "Hernando clerk");

    [Fact]
    public async Task a_clerk_of_an_agency_on_record_asks_without_naming_it_and_the_record_names_it()
    {
        await Requested();

        var created = await Send("/api/agreements", new { model = "WSO", requestedOn = "2019-03-01" }, HernandoClerk, HttpStatusCode.Created);

        var id = created.ReadAsJson<AgreementAccepted>()!.Id;
        var details = await Details(id);
        (details.AgencyId, details.State, details.AgencyName, details.Model).ShouldBe((Hernando, "FL", "Hernando County Sheriff's Office", SupportModel.WSO));
        (await Events(id)).Single().Data.ShouldBeOfType<AgreementRequested>().AgencyId.ShouldBe(Hernando);
    }

    [Theory]
    [InlineData("FL", "Hernando County Sherrif Office", "Hernando County Sherrif Office, FL (fl-hernando-county-sherrif-office)")]
    [InlineData("GA", null, "Hernando County Sheriff's Office, GA (ga-hernando-county-sheriffs-office)")]
    [InlineData(null, "Marion County Sheriff's Office", "Marion County Sheriff's Office, FL (fl-marion-county-sheriffs-office)")]
    public async Task a_clerk_naming_another_agency_is_told_whose_token_it_is_and_nothing_is_recorded(string? state, string? agencyName, string named)
    {
        await Requested();
        var before = await App.CountEventsAsync();

        var problem = await Problem("/api/agreements", new { state, agencyName, model = "WSO" }, HttpStatusCode.Forbidden, HernandoClerk);

        problem.Title.ShouldBe("Not your agency");
        problem.Detail.ShouldBe($"This token is for Hernando County Sheriff's Office ({Hernando}); it cannot ask on behalf of {named}: leave out state and agencyName, and the token's agency asks.");
        (await App.CountEventsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task a_clerk_may_still_name_its_own_agency_in_any_spelling_of_its_id()
    {
        await Requested();

        var created = await Send("/api/agreements", new { state = "Florida", agencyName = "HERNANDO COUNTY SHERIFFS OFFICE", model = "TFM" }, HernandoClerk, HttpStatusCode.Created);

        (await Details(created.ReadAsJson<AgreementAccepted>()!.Id)).AgencyId.ShouldBe(Hernando);
    }

    [Fact]
    public async Task an_agency_not_yet_on_record_names_itself_on_its_first_request_as_its_token_spells_it()
    {
        var clerk = App.TokenFor(Agency, Marion, "Marion clerk");

        var missing = await Problem("/api/agreements", new { model = "JEM" }, HttpStatusCode.BadRequest, clerk);
        missing.Detail.ShouldBe(
            $"state is required: agency {Marion} has no agreement on record yet, so its first request names its state and agencyName. "
            + $"agencyName is required: agency {Marion} has no agreement on record yet, so its first request names its state and agencyName.");

        var typo = await Problem("/api/agreements", new { state = "FL", agencyName = "Marion County Sherrif Office", model = "JEM" }, HttpStatusCode.Forbidden, clerk);
        typo.Detail.ShouldBe(
            $"This token is for agency {Marion}, which has no agreement on record yet; it cannot ask on behalf of Marion County Sherrif Office, FL (fl-marion-county-sherrif-office): its first request names its state and agencyName as they make its id.");
        (await App.CountEventsAsync()).ShouldBe(0);

        var created = await Send("/api/agreements", new { state = "FL", agencyName = "Marion County Sheriff's Office", model = "JEM" }, clerk, HttpStatusCode.Created);
        (await Details(created.ReadAsJson<AgreementAccepted>()!.Id)).AgencyId.ShouldBe(Marion);
        await Send("/api/agreements", new { model = "WSO" }, clerk, HttpStatusCode.Created);
    }

    [Fact]
    public async Task the_program_office_still_names_the_agency()
    {
        await Requested();

        var problem = await Problem("/api/agreements", new { model = "WSO" }, HttpStatusCode.BadRequest, Officer);

        problem.Detail.ShouldBe("state is required. agencyName is required.");
        (await App.CountEventsAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task the_openapi_document_requires_only_the_model_and_says_when_the_agency_may_be_left_out()
    {
        var document = JsonDocument.Parse((await Send("/openapi/v1.json", null, null, HttpStatusCode.OK, "GET")).ReadAsText()).RootElement;

        var schema = document.GetProperty("components").GetProperty("schemas").GetProperty("RequestAgreement");
        schema.GetProperty("required").EnumerateArray().Select(field => field.GetString()).ShouldBe(["model"]);
        var properties = schema.GetProperty("properties");
        properties.GetProperty("model").GetProperty("type").GetString().ShouldBe("string");
        foreach (var optional in new[] { "state", "agencyName", "agencyType", "county", "requestedOn" })
        {
            properties.GetProperty(optional).GetProperty("type").EnumerateArray().Select(type => type.GetString()).ShouldContain("null", optional);
        }

        properties.GetProperty("state").GetProperty("description").GetString()!.ShouldContain("may leave it out once the record knows the agency");
    }
}
