using System.Text.RegularExpressions;

namespace EventSourcedAgreements.Hosting;

/// <summary>
/// Every request has a correlation id: the caller's <c>X-Correlation-Id</c> when it is a sane token, else a new one.
/// It is answered in the same header and recorded on every event the request causes.
/// </summary>
public static partial class Correlation
{
    public const string Header = "X-Correlation-Id";
    private const string ItemKey = "correlation-id";

    public static string Of(HttpContext context) => context.Items[ItemKey] as string ?? context.TraceIdentifier;

    public static IApplicationBuilder UseCorrelation(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var given = context.Request.Headers[Header].ToString();
        var id = Sane().IsMatch(given) ? given : Guid.CreateVersion7().ToString("N");
        context.Items[ItemKey] = id;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[Header] = id;
            return Task.CompletedTask;
        });
        await next(context);
    });

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,100}$")]
    private static partial Regex Sane();
}
