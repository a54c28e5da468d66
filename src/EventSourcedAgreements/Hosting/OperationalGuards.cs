using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Timeouts;

namespace EventSourcedAgreements.Hosting;

/// <summary>
/// Limits that keep one caller or one slow request from taking the service down: writes per principal and minute
/// (<c>Guards:WritesPerMinute</c>), a time limit per request (<c>Guards:RequestTimeout</c>, longer for uploads), and
/// health endpoints for the deployment: <c>/health/live</c> (the process answers) and <c>/health/ready</c> (and
/// PostgreSQL does).
/// </summary>
public static class OperationalGuards
{
    public const string UploadTimeout = "upload";
    private const int ClientClosedRequest = 499;

    public static IHostApplicationBuilder AddOperationalGuards(this IHostApplicationBuilder builder)
    {
        var settings = builder.AddSettings<GuardSettings>();
        var writesPerMinute = settings.WritesPerMinute;
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("postgres");
        builder.Services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
                    ? RateLimitPartition.GetNoLimiter("reads")
                    : RateLimitPartition.GetTokenBucketLimiter(Principal(context), _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = writesPerMinute,
                        TokensPerPeriod = writesPerMinute,
                        ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    }));
            options.OnRejected = (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                return WriteProblem(rejected.HttpContext, StatusCodes.Status429TooManyRequests, "Too many writes", $"At most {writesPerMinute} writes a minute are accepted from one caller; try again later.", retryAfter);
            };
        });
        builder.Services.AddRequestTimeouts(options =>
        {
            options.DefaultPolicy = new RequestTimeoutPolicy { Timeout = settings.RequestTimeout };
            options.AddPolicy(UploadTimeout, settings.UploadTimeout);
        });
        return builder;
    }

    /// <summary>Who a write counts against: the token's role and name (and agency), or the address of an anonymous caller.</summary>
    public static string Principal(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true
            ? $"{Participation.CommandKnowledge.RolesOf(context.User)}|{context.User.Identity.Name}|{context.User.FindFirstValue(Security.ClaimNames.Agency)}"
            : $"anonymous|{context.Connection.RemoteIpAddress}";

    /// <summary>
    /// Request timeouts, answered 504 however the request noticed it: the endpoint's own handling of a cancelled body
    /// read (Wolverine answers 499, "client closed request") included.
    /// </summary>
    public static IApplicationBuilder UseRequestTimeLimits(this IApplicationBuilder app) =>
        app.UseRequestTimeouts().Use(async (context, next) =>
        {
            await next(context);
            if (context.Response.StatusCode == ClientClosedRequest
                && context.Features.Get<IHttpRequestTimeoutFeature>() is { RequestTimeoutToken.IsCancellationRequested: true }
                && !context.Response.HasStarted)
            {
                context.Response.Clear();
                context.Response.StatusCode = StatusCodes.Status504GatewayTimeout;
            }
        });

    /// <summary>The health checks' addresses: the process alone, then the process and its database (twice: <c>/health</c> is where many tools look first).</summary>
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    public const string HealthPath = "/health";

    public static WebApplication MapHealthEndpoints(this WebApplication app)
    {
        // GET and HEAD only, as the document says: mapped as they come, the checks answer any method (a POST got 200).
        HttpMethodMetadata reads = new([HttpMethods.Get, HttpMethods.Head]);
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false }).WithMetadata(reads);
        app.MapHealthChecks(ReadyPath).WithMetadata(reads);
        app.MapHealthChecks(HealthPath).WithMetadata(reads);
        return app;
    }

    public static async ValueTask WriteProblem(HttpContext context, int status, string title, string detail, TimeSpan? retryAfter = null)
    {
        context.Response.StatusCode = status;
        if (retryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}

/// <summary>The <c>Guards</c> settings: writes accepted per caller and minute, and the time limits of a request and of an upload.</summary>
public sealed record GuardSettings : ISettings<GuardSettings>
{
    public static string Section => "Guards";

    [Range(1, int.MaxValue, ErrorMessage = "a whole number of writes from 1 up")]
    public int WritesPerMinute { get; init; } = 120;

    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00", ErrorMessage = "a duration from 1 ms to 1 day, such as 00:00:30")]
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00", ErrorMessage = "a duration from 1 ms to 1 day, such as 00:05:00")]
    public TimeSpan UploadTimeout { get; init; } = TimeSpan.FromMinutes(5);
}
