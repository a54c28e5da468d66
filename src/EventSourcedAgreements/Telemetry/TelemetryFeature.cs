using System.ComponentModel.DataAnnotations;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace EventSourcedAgreements.Telemetry;

/// <summary>
/// OpenTelemetry traces and metrics of ASP.NET Core, outgoing HTTP, Npgsql, Wolverine and Marten, and the projection
/// lag, exported over OTLP — only when an endpoint is configured (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, with the other
/// standard <c>OTEL_*</c> settings read from the configuration), so that a service nobody observes pays nothing for it.
/// </summary>
public static class TelemetryFeature
{
    public const string EndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string DefaultServiceName = "event-sourced-agreements";

    /// <summary>The activity sources and meters of the libraries the service runs on (wildcards: their names carry suffixes).</summary>
    public static readonly string[] Sources = ["Wolverine*", "Marten*"];

    public static readonly string[] Meters = ["Wolverine*", "Marten*", "Npgsql", ProjectionLag.MeterName];

    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        var settings = builder.AddSettings<TelemetrySettings>();
        if (settings.Endpoint is null)
        {
            return builder;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(settings.ServiceName))
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
        builder.Services.AddHostedService<ProjectionLag>();
        return builder;
    }
}

/// <summary>
/// Where telemetry goes (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>; none, none is collected), under which service name
/// (<c>OTEL_SERVICE_NAME</c>), and how often the projection lag is read (<c>Telemetry:ProjectionLagInterval</c>, 15 s).
/// </summary>
public sealed record TelemetrySettings : ISettings<TelemetrySettings>
{
    public static string Section => "Telemetry";

    public string? Endpoint { get; init; }

    public string ServiceName { get; init; } = TelemetryFeature.DefaultServiceName;

    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00", ErrorMessage = "a duration from 10 ms to 1 day, such as 00:00:15")]
    public TimeSpan ProjectionLagInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The <c>Telemetry</c> section, and OpenTelemetry's own variables at the configuration's root.</summary>
    public static TelemetrySettings Read(IConfiguration configuration) =>
        (configuration.GetSection(Section).Get<TelemetrySettings>() ?? new TelemetrySettings()) with
        {
            Endpoint = string.IsNullOrWhiteSpace(configuration[TelemetryFeature.EndpointSetting]) ? null : configuration[TelemetryFeature.EndpointSetting],
            ServiceName = configuration["OTEL_SERVICE_NAME"] ?? TelemetryFeature.DefaultServiceName,
        };
}
