using System.Net;
using EventSourcedAgreements.Participation.GettingParticipants;
using EventSourcedAgreements.Tests.Fixtures;
using Xunit.Abstractions;

namespace EventSourcedAgreements.Tests.Publications;

/// <summary>
/// The shipped lists give the same answers for every list's date, as of and as known on that date, whatever order
/// they are imported in: a list is reconciled with the record as known on its date, and meets the lists dated after it.
/// </summary>
public sealed class ImportOrderTests(AppFixture app, ITestOutputHelper output) : AppTest(app)
{
    private static readonly (string File, string PublishedOn)[] InDateOrder = RoundTripTests.InDateOrder;

    public static TheoryData<string, int[]> Orders => new()
    {
        { "reverse", [5, 4, 3, 2, 1, 0] },
        { "newest first, then oldest", [4, 0, 5, 1, 3, 2] },
        { "pending lists last", [0, 1, 3, 4, 2, 5] },
        { "shuffled", [2, 5, 0, 3, 1, 4] },
        { "a pending list before the participating list of its date", [0, 1, 2, 3, 5, 4] },
    };

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task lists_imported_in_any_order_answer_every_lists_date_as_lists_imported_in_date_order(string name, int[] order)
    {
        var inDateOrder = await AnswersAfter([0, 1, 2, 3, 4, 5]);
        await App.ResetAsync();

        var answers = await AnswersAfter(order);

        foreach (var publishedOn in inDateOrder.Keys)
        {
            var expected = inDateOrder[publishedOn];
            var actual = answers[publishedOn];
            output.WriteLine($"{name}, {publishedOn}: {actual.Count} answered, {expected.Count} in date order; missing {expected.Except(actual).Count()}, extra {actual.Except(expected).Count()}");
            foreach (var row in expected.Except(actual).Take(10))
            {
                output.WriteLine($"  missing {row}");
            }

            foreach (var row in actual.Except(expected).Take(10))
            {
                output.WriteLine($"  extra {row}");
            }
        }

        foreach (var publishedOn in inDateOrder.Keys)
        {
            answers[publishedOn].ShouldBe(inDateOrder[publishedOn], ignoreOrder: true, $"as of and as known on {publishedOn}");
        }
    }

    private async Task<Dictionary<string, List<string>>> AnswersAfter(int[] order)
    {
        foreach (var (file, publishedOn) in order.Select(i => InDateOrder[i]))
        {
            var (status, _) = await ImportPublished(file, publishedOn);
            status.ShouldBe(HttpStatusCode.Created, $"{file} imported");
        }

        var answers = new Dictionary<string, List<string>>();
        foreach (var (_, publishedOn) in InDateOrder.DistinctBy(l => l.PublishedOn))
        {
            var answer = (await Send($"/api/participants?asOf={publishedOn}&knownAt={publishedOn}", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<ParticipantsAnswer>()!;
            answers[publishedOn] = [.. answer.Participants.Select(p => $"{p.State}|{p.AgencyId}|{p.Model}|{p.SignedOn:yyyy-MM-dd}|{p.MoaUrl}|{p.MoaPosted}|{p.InForceFrom:yyyy-MM-dd}|{p.InForceUntil:yyyy-MM-dd}")];
        }

        return answers;
    }
}
