using System.Net;
using System.Text.Json;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Core;
using EventSourcedAgreements.Tests.Fixtures;
using Wolverine.Marten;

namespace EventSourcedAgreements.Tests.Hosting;

/// <summary>
/// Keyset paging over HTTP: every list read a page at a time by following <c>next</c> (or the <c>Link</c> header) holds
/// each item once, in the order of the whole list read at once; what is added before the cursor does not shift a page.
/// </summary>
public sealed class PagingTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task the_agreements_read_page_by_page_are_the_whole_list_in_its_order_each_once()
    {
        (await ImportPublished("ice-287g-page-2019-05-20.txt", "2019-05-20")).Status.ShouldBe(HttpStatusCode.Created);

        var whole = await Read<Agreement>("/api/agreements?limit=1000");
        whole.Items.Count.ShouldBe(90);
        whole.Next.ShouldBeNull();
        whole.Items.Select(a => a.AgencyId).ShouldBeInOrder(SortDirection.Ascending, StringComparer.Ordinal);

        var pages = await Walk<Agreement>("/api/agreements?limit=7");
        pages.Count.ShouldBe(13);
        pages.SkipLast(1).ShouldAllBe(p => p.Items.Count == 7);
        pages.SelectMany(p => p.Items).Select(a => a.Id).ShouldBe(whole.Items.Select(a => a.Id));

        // The filters hold across pages: the next link repeats them.
        var wso = await Walk<Agreement>("/api/agreements?model=WSO&limit=3");
        wso.SelectMany(p => p.Items).Select(a => a.Model).ShouldBe(Enumerable.Repeat(SupportModel.WSO, 10));
    }

    [Fact]
    public async Task an_agreement_added_before_the_cursor_does_not_shift_the_next_page()
    {
        (await ImportPublished("ice-287g-page-2019-05-20.txt", "2019-05-20")).Status.ShouldBe(HttpStatusCode.Created);
        var first = await Read<Agreement>("/api/agreements?limit=20");

        // An agency that sorts first ("ak-…") asks to join between the two pages.
        await Requested(new RequestAgreement("AK", "Anchorage Police Department", "Municipality", null, "TFM", new DateOnly(2019, 6, 1)));
        var second = await Read<Agreement>($"/api/agreements?limit=20&after={first.Next}");

        var whole = await Read<Agreement>("/api/agreements?limit=1000");
        whole.Items[0].AgencyId.ShouldBe("ak-anchorage-police-department");
        second.Items.Select(a => a.Id).ShouldBe(whole.Items.Skip(21).Take(20).Select(a => a.Id));
    }

    [Fact]
    public async Task the_agencies_page_by_page_keep_the_name_filter_in_the_next_link()
    {
        (await ImportPublished("ice-287g-page-2019-05-20.txt", "2019-05-20")).Status.ShouldBe(HttpStatusCode.Created);
        await App.Host.PauseThenCatchUpOnMartenDaemonActivityAsync(timeout: TimeSpan.FromSeconds(30));

        var whole = await Read<JsonElement>("/api/agencies?name=sheriff%E2%80%99s&limit=1000");
        whole.Items.Count.ShouldBeGreaterThan(50);
        var pages = await Walk<JsonElement>("/api/agencies?name=sheriff%E2%80%99s&limit=25");
        pages.SelectMany(p => p.Items).Select(a => a.GetProperty("id").GetString()).ShouldBe(whole.Items.Select(a => a.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task an_agreements_officers_page_by_page()
    {
        var agreement = await SignedAgreement();
        var clerk = App.TokenFor(EventSourcedAgreements.Security.Roles.Agency, "fl-hernando-county-sheriffs-office", "Hernando clerk");
        var nominated = new List<Guid>();
        foreach (var (name, day) in new[] { ("Ann Able", 3), ("Bo Baker", 1), ("Cy Cole", 2), ("Di Dunn", 1), ("Ed Ellis", 4) })
        {
            var result = await Service.PostAsync(CommandRoute.For<NominateOfficer>(agreement), new NominateOfficer(name, null, new DateOnly(2019, 2, day)), HttpStatusCode.Created, clerk);
            nominated.Add(result.ReadAsJson<OfficerAccepted>()!.Id);
        }

        var whole = await Read<OfficerDetails>($"/api/agreements/{agreement}/officers", clerk);
        whole.Items.Select(o => o.Officer.NominatedOn.Day).ShouldBe([1, 1, 2, 3, 4]);
        var pages = await Walk<OfficerDetails>($"/api/agreements/{agreement}/officers?limit=2", clerk);
        pages.Select(p => p.Items.Count).ShouldBe([2, 2, 1]);
        pages.SelectMany(p => p.Items).Select(o => o.Officer.Id).ShouldBe(whole.Items.Select(o => o.Officer.Id));

        // An officer of another agreement is no cursor here.
        var elsewhere = await SignedAgreement(HernandoJem with { Model = "WSO" });
        var stranger = (await Service.PostAsync(CommandRoute.For<NominateOfficer>(elsewhere), new NominateOfficer("Flo Ford", null, new DateOnly(2019, 2, 1)), HttpStatusCode.Created, clerk)).ReadAsJson<OfficerAccepted>()!.Id;
        var problem = await Problem($"/api/agreements/{agreement}/officers?after={stranger}", null, HttpStatusCode.BadRequest, clerk, "GET");
        problem.Detail.ShouldBe($"after '{stranger}' names no officer of this agreement: give the next of the previous page, or leave it out for the first page.");
    }

    [Theory]
    [InlineData("/api/agreements?limit=0", "limit", "limit is a whole number from 1 to 1000.")]
    [InlineData("/api/agreements?limit=1001", "limit", "limit is a whole number from 1 to 1000.")]
    [InlineData("/api/agreements?after=x", "after", "after is the next of the previous page, an agreement's id.")]
    [InlineData("/api/agreements?after=9f0c8a56-0000-4000-8000-000000000000", "after", "after '9f0c8a56-0000-4000-8000-000000000000' names no agreement: give the next of the previous page, or leave it out for the first page.")]
    [InlineData("/api/agencies?limit=ten", "limit", "limit is a whole number from 1 to 1000.")]
    [InlineData("/api/agencies?after=a&after=b", "after", "after is given more than once.")]
    public async Task a_bad_limit_or_cursor_is_a_400_naming_it(string url, string field, string message)
    {
        var result = await Service.ExchangeAsync(HttpMethod.Get, url, expected: HttpStatusCode.BadRequest);
        result.Context.Response.ContentType.ShouldBe("application/problem+json");
        var errors = result.ReadAsJson<JsonElement>().GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).ShouldBe([field]);
        errors.GetProperty(field).EnumerateArray().Select(m => m.GetString()).ShouldBe([message]);
    }

    private async Task<Page<T>> Read<T>(string url, string bearer = Service.Anonymous) =>
        await Service.GetAsync<Page<T>>(url, bearer);

    /// <summary>Every page from <paramref name="url"/>, following the <c>Link</c> header, checked against the body's <c>next</c>.</summary>
    private async Task<List<Page<T>>> Walk<T>(string url, string bearer = Service.Anonymous)
    {
        var pages = new List<Page<T>>();
        for (var next = url; next is not null;)
        {
            var result = await Service.ExchangeAsync(HttpMethod.Get, next, bearer: bearer);
            var page = result.ReadAsJson<Page<T>>()!;
            pages.Add(page);
            var link = result.Context.Response.Headers.Link.ToString();
            if (page.Next is null)
            {
                link.ShouldBeEmpty();
                next = null;
            }
            else
            {
                link.ShouldStartWith("<");
                link.ShouldEndWith(">; rel=\"next\"");
                next = link[1..link.IndexOf('>', StringComparison.Ordinal)];
                next.ShouldContain($"after={Uri.EscapeDataString(page.Next)}");
            }

            pages.Count.ShouldBeLessThan(100);
        }

        return pages;
    }
}
