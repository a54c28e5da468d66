namespace EventSourcedAgreements.Hosting;

/// <summary>
/// Headers every answer carries: no sniffing, no framing, no referrer; the API's answers forbid any active content, the
/// explorer page (served from <c>wwwroot</c>) may run its own scripts and styles and call this service only (the Scalar
/// reference page sets its own); answers to a caller with credentials are not stored by caches.
/// </summary>
public static class SecurityHeaders
{
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    public const string PagePolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly string[] ServicePaths = ["/api", "/health", "/openapi"];

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            var path = context.Request.Path;
            if (!path.StartsWithSegments("/scalar", StringComparison.OrdinalIgnoreCase))
            {
                headers.ContentSecurityPolicy = ServicePaths.Any(service => path.StartsWithSegments(service, StringComparison.OrdinalIgnoreCase))
                    ? ApiPolicy
                    : PagePolicy;
            }

            if (context.Request.Headers.Authorization.Count > 0)
            {
                headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        });
        await next(context);
    });
}
