using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.OpenApi;
using Weasel.Postgresql.Tables;

namespace EventSourcedAgreements.Idempotency;

/// <summary>
/// Idempotency: <c>Idempotency-Key</c> on any command. The keys' table is part of the store's schema; the HTTP
/// middleware (<see cref="UseIdempotency"/>) answers a retry from it; the command middleware
/// (<see cref="IdempotencyReservation"/>) takes the key in the command's transaction; expired keys are removed hourly.
/// </summary>
public static class IdempotencyFeature
{
    public static IHostApplicationBuilder AddIdempotency(this IHostApplicationBuilder builder)
    {
        builder.AddSettings<IdempotencySettings>();
        builder.Services.ConfigureMarten(options => options.Storage.ExtendedSchemaObjects.Add(KeysTable(options.DatabaseSchemaName)));
        builder.Services.AddSingleton<IdempotencyKeys>().AddHostedService(provider => provider.GetRequiredService<IdempotencyKeys>());
        builder.Services.Configure<OpenApiOptions>("v1", openApi => openApi.AddOperationTransformer<IdempotencyKeyParameter>());
        return builder;
    }

    public static IApplicationBuilder UseIdempotency(this IApplicationBuilder app) =>
        app.Use((context, next) => context.RequestServices.GetRequiredService<IdempotencyKeys>().InvokeAsync(context, next));

    private static Table KeysTable(string schema)
    {
        var table = new Table($"{schema}.{IdempotencyKeys.Table}") { PrimaryKeyName = IdempotencyKeys.PrimaryKey };
        table.AddColumn("principal", "text").AsPrimaryKey();
        table.AddColumn("key", "text").AsPrimaryKey();
        table.AddColumn("request_hash", "text").NotNull();
        table.AddColumn("owner", "uuid").NotNull();
        table.AddColumn("created_at", "timestamptz").NotNull();
        table.AddColumn("status", "integer");
        table.AddColumn("content_type", "text");
        table.AddColumn("location", "text");
        table.AddColumn("etag", "text");
        table.AddColumn("body", "bytea");
        table.Indexes.Add(new IndexDefinition($"ix_{IdempotencyKeys.Table}_created_at") { Columns = ["created_at"] });
        return table;
    }
}

/// <summary>How long a key and its answer are kept per caller (<c>Idempotency:Retention</c>, 24 hours by default).</summary>
public sealed record IdempotencySettings : ISettings<IdempotencySettings>
{
    public static string Section => "Idempotency";

    [Range(typeof(TimeSpan), "00:00:01", "366.00:00:00", ErrorMessage = "a duration from 1 second to 366 days, such as 1.00:00:00")]
    public TimeSpan Retention { get; init; } = TimeSpan.FromHours(24);
}
