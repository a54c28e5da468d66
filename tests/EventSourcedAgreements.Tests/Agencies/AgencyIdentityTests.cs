using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Agreements;

namespace EventSourcedAgreements.Tests.Agencies;

public sealed class AgencyIdentityTests
{
    [Theory]
    [InlineData("Hernando County Sheriff's Office")]
    [InlineData("Hernando County Sheriff’s Office")]
    [InlineData("Hernando County Sheriffs Office")]
    [InlineData("  HERNANDO   county SHERIFF'S office ")]
    public void spellings_of_one_agency_give_one_id(string name)
    {
        AgencyIdentity.IdFor(UsState.FromCode("FL"), name).ShouldBe("fl-hernando-county-sheriffs-office");
    }

    [Fact]
    public void the_state_is_part_of_the_id()
    {
        AgencyIdentity.IdFor(UsState.FromCode("TX"), "Department of Public Safety")
            .ShouldNotBe(AgencyIdentity.IdFor(UsState.FromCode("AZ"), "Department of Public Safety"));
    }

    [Fact]
    public void punctuation_and_accents_fold_into_single_dashes()
    {
        AgencyIdentity.IdFor(UsState.FromCode("PR"), "Policía de Puerto Rico (Addendum) -- HQ").ShouldBe("pr-policia-de-puerto-rico-addendum-hq");
    }

    [Theory]
    [InlineData("FL", "FL")]
    [InlineData("fl", "FL")]
    [InlineData("Florida", "FL")]
    [InlineData(" FLORIDA ", "FL")]
    [InlineData("new  york", "NY")]
    [InlineData("District of Columbia", "DC")]
    [InlineData("Puerto Rico", "PR")]
    [InlineData("GU", "GU")]
    [InlineData("U.S. Virgin Islands", "VI")]
    public void states_are_read_from_codes_and_names(string text, string code)
    {
        UsState.TryParse(text, out var state).ShouldBeTrue();
        state.Code.ShouldBe(code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Atlantis")]
    [InlineData("F L")]
    [InlineData(null)]
    public void unknown_states_are_refused(string? text)
    {
        UsState.TryParse(text, out _).ShouldBeFalse();
    }

    [Fact]
    public void the_list_holds_the_fifty_states_dc_and_five_territories()
    {
        UsState.All.Count.ShouldBe(56);
        UsState.All.Select(s => s.Code).Distinct().Count().ShouldBe(56);
    }

    [Theory]
    [InlineData("JEM", SupportModel.JEM)]
    [InlineData(" jem ", SupportModel.JEM)]
    [InlineData("Jail Enforcement Model", SupportModel.JEM)]
    [InlineData("WARRANT SERVICE OFFICER", SupportModel.WSO)]
    [InlineData("Task Force Model ", SupportModel.TFM)]
    [InlineData("task  force model", SupportModel.TFM)]
    public void support_models_are_read_from_codes_and_published_names(string text, SupportModel model)
    {
        SupportModels.TryParse(text, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(model);
    }

    [Theory]
    [InlineData("Border Patrol")]
    [InlineData("3")]
    [InlineData("")]
    public void unknown_models_are_refused(string text)
    {
        SupportModels.TryParse(text, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("County", AgencyType.County)]
    [InlineData("municipality", AgencyType.Municipality)]
    [InlineData("State Agency", AgencyType.State)]
    [InlineData("state", AgencyType.State)]
    public void agency_types_are_read_as_published(string text, AgencyType type)
    {
        AgencyTypes.TryParse(text, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(type);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("Federal")]
    [InlineData("State Agency Office")]
    public void unknown_agency_types_are_refused(string text)
    {
        AgencyTypes.TryParse(text, out _).ShouldBeFalse();
    }
}
