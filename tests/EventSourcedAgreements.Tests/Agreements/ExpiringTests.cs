using System.Net;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Tests.Fixtures;

namespace EventSourcedAgreements.Tests.Agreements;

public sealed class ExpiringTests(AppFixture app) : AppTest(app)
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task the_agreements_in_force_that_expire_within_the_window_are_listed_soonest_first()
    {
        var inTen = await Signed("Hernando", Today.AddDays(10));
        var inHundred = await Signed("Marion", Today.AddDays(100));
        var suspendedInFive = await Signed("Pasco", Today.AddDays(5));
        await Send(suspendedInFive, new SuspendAgreement(Today.AddDays(-1), "Under review", ExpectedVersion: null));
        var terminatedInTwenty = await Signed("Citrus", Today.AddDays(20));
        await Send(terminatedInTwenty, new TerminateAgreement(Today.AddDays(-1), "ICE", "Ended", ExpectedVersion: null));
        await Signed("Lake", Today.AddDays(-3));
        await Signed("Sumter", null);

        (await Expiring(string.Empty)).Select(a => a.Id).ShouldBe([suspendedInFive, inTen]);
        (await Expiring("?within=365")).Select(a => a.Id).ShouldBe([suspendedInFive, inTen, inHundred]);
        (await Expiring("?within=7")).Select(a => a.Id).ShouldBe([suspendedInFive]);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("abc")]
    [InlineData("3651")]
    [InlineData("90&within=30")]
    public async Task a_window_that_is_not_a_number_of_days_is_a_400(string within)
    {
        var problem = await Problem($"/api/agreements/expiring?within={within}", null, HttpStatusCode.BadRequest, token: null, method: "GET");
        problem.Detail.ShouldNotBeNull().ShouldContain("within");
    }

    private async Task<Guid> Signed(string county, DateOnly? expiresOn)
    {
        var id = await Requested(new RequestAgreement("FL", $"{county} County Sheriff's Office", "County", county, "JEM", Today.AddYears(-2)));
        await Send(id, new SignAgreement(Today.AddYears(-1), MoaUrl: null, expiresOn, ExpectedVersion: null));
        return id;
    }

    private async Task<IReadOnlyList<Agreement>> Expiring(string query) =>
        (await Send($"/api/agreements/expiring{query}", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<List<Agreement>>()!;
}
