using System.Text.RegularExpressions;

namespace EventSourcedAgreements.Hosting;

/// <summary>
/// Every request has a correlation id: the caller's <c>X-Correlation-Id</c> when it is a sane token, else a new one.
/// It is answered in the same header, recorded on every event the request causes, put on the request's trace
/// (<c>correlation.id</c>) and in the scope of every log line written while the request is handled (<c>CorrelationId</c>).
/// </summary>
public static partial class Correlation
{
    public const string Header = "X-Correlation-Id";
    public const string TraceTag = "correlation.id";
    public const string LogScopeKey = "CorrelationId";
    private const string ItemKey = "correlation-id";

    public static string Of(HttpContext context) => context.Items[ItemKey] as string ?? context.TraceIdentifier;

    public static IApplicationBuilder UseCorrelation(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(Correlation).FullName!);
        return app.Use(async (context, next) =>
        {
            var given = context.Request.Headers[Header].ToString();
            var id = Sane().IsMatch(given) ? given : Guid.CreateVersion7().ToString("N");
            context.Items[ItemKey] = id;
            System.Diagnostics.Activity.Current?.SetTag(TraceTag, id);
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[Header] = id;
                return Task.CompletedTask;
            });
            using (logger.BeginScope(new Dictionary<string, object> { [LogScopeKey] = id }))
            {
                await next(context);
            }
        });
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,100}$")]
    private static partial Regex Sane();
}
