using System.ComponentModel.DataAnnotations;
using EventSourcedAgreements.Auditing.Sealing;
using EventSourcedAgreements.Auditing.Verifying;
using Marten;

namespace EventSourcedAgreements.Auditing;

/// <summary>
/// Auditing: a hash chain over every recorded event kept by PostgreSQL triggers (part of the store's schema, applied
/// after the events table it watches), anchors sealed over it every <c>Auditing:SealEvery</c>, and the verification
/// that recomputes both.
/// </summary>
public static class AuditingFeature
{
    public static IHostApplicationBuilder AddAuditing(this IHostApplicationBuilder builder)
    {
        builder.AddSettings<AuditingSettings>();
        builder.Services.ConfigureMarten(options => options.Storage.Add(new TamperEvidenceSchema(options.Events.DatabaseSchemaName, options.Advanced.Migrator)));
        builder.Services.AddSingleton<Verification>();
        builder.Services.AddSingleton<AnchorSealing>();
        builder.Services.AddHostedService<AnchorSchedule>();
        return builder;
    }
}

/// <summary>How often an anchor is sealed: at every multiple of <c>Auditing:SealEvery</c> (a day by default) since the Unix epoch, UTC.</summary>
public sealed record AuditingSettings : ISettings<AuditingSettings>
{
    public static string Section => "Auditing";

    [Range(typeof(TimeSpan), "00:00:01", "366.00:00:00", ErrorMessage = "a duration from 1 second to 366 days, such as 1.00:00:00")]
    public TimeSpan SealEvery { get; init; } = TimeSpan.FromDays(1);
}
