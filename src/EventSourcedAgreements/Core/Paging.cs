using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace EventSourcedAgreements.Core;

/// <summary>
/// One page of a list, in the list's order. <c>Next</c> is the <c>after</c> that asks for the following page, none on the
/// last; the answer's <c>Link</c> header (<c>rel="next"</c>) carries the same as the URL to follow.
/// </summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next)
{
    /// <summary>The same page, each item as <paramref name="map"/> shows it.</summary>
    public Page<TOut> Select<TOut>(Func<T, TOut> map) => new([.. Items.Select(map)], Next);
}

/// <summary>
/// Keyset paging for the lists: <c>limit</c> items at most (100 unless asked, 1,000 at most), from after the item that
/// <c>after</c> names (the <c>next</c> of the previous page), so a page never repeats or skips an item when others are
/// added before it.
/// </summary>
public static class Paging
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static Input Limit(this Input input, string? limit) =>
        input.Check("limit", string.IsNullOrEmpty(limit) || Parse(limit) is not null, $"limit is a whole number from 1 to {MaxLimit}.");

    /// <summary>The page size asked for (checked by <see cref="Limit(Input, string?)"/>).</summary>
    public static int SizeOf(string? limit) => string.IsNullOrEmpty(limit) ? DefaultLimit : Parse(limit) ?? DefaultLimit;

    /// <summary>The 400 for an <c>after</c> that names nothing in the list.</summary>
    public static ProblemDetails UnknownAfter(string after, string what) =>
        new Input().Check("after", valid: false, $"after '{after}' names no {what}: give the next of the previous page, or leave it out for the first page.").ToProblem();

    /// <summary>
    /// The page out of <paramref name="rows"/>, read with one more than <paramref name="size"/> to know whether another page
    /// follows; its <c>Link</c> header set on <paramref name="response"/>.
    /// </summary>
    public static Page<T> Of<T>(IReadOnlyList<T> rows, int size, Func<T, string> key, HttpResponse response)
    {
        var items = rows.Count > size ? rows.Take(size).ToList() : rows;
        var next = rows.Count > size ? key(items[^1]) : null;
        if (next is not null)
        {
            LinkNext(response.HttpContext.Request, next);
        }

        return new Page<T>(items, next);
    }

    /// <summary>The answer's <c>Link</c> header to the next page: the request's own URL with <c>after</c> set to <paramref name="next"/>.</summary>
    public static void LinkNext(HttpRequest request, string next)
    {
        var query = QueryHelpers.ParseQuery(request.QueryString.Value);
        query["after"] = next;
        request.HttpContext.Response.Headers.Link = $"<{request.PathBase}{request.Path}{QueryString.Create(query)}>; rel=\"next\"";
    }

    private static int? Parse(string limit) =>
        int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= MaxLimit ? value : null;
}
