using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace EventSourcedAgreements.Hosting;

/// <summary>
/// OpenTelemetry traces and metrics of ASP.NET Core, outgoing HTTP, Npgsql, Wolverine and Marten, exported over OTLP —
/// only when an endpoint is configured (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, with the other standard <c>OTEL_*</c>
/// settings read from the configuration), so that a service nobody observes pays nothing for it.
/// </summary>
public static class Telemetry
{
    public const string EndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string DefaultServiceName = "event-sourced-agreements";

    /// <summary>The activity sources and meters of the libraries the service runs on (wildcards: their names carry suffixes).</summary>
    public static readonly string[] Sources = ["Wolverine*", "Marten*"];

    public static readonly string[] Meters = ["Wolverine*", "Marten*", "Npgsql", Operating.ProjectionLag.MeterName];

    public static bool IsConfigured(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[EndpointSetting]);

    public static IServiceCollection AddAgreementsTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        if (!IsConfigured(configuration))
        {
            return services;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? DefaultServiceName))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => !context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddSource(Sources))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(Meters))
            .UseOtlpExporter();
        services.AddHostedService<Operating.ProjectionLag>();
        return services;
    }
}
