using System.Globalization;
using EventSourcedAgreements.Webhooks.Delivering;
using Marten;
using Wolverine;
using Wolverine.ErrorHandling;

namespace EventSourcedAgreements.Webhooks;

/// <summary>
/// The <c>Webhooks</c> settings: whether events are delivered at all (<c>Enabled</c>, on by default; the registrations
/// work either way), the pauses between attempts (<c>RetryDelays</c>, comma-separated; one attempt more than pauses,
/// then the dead-letter queue), the receiver's time to answer (<c>Timeout</c>), how many deliveries run at once on a
/// node (<c>Parallelism</c>), and the network rules for receivers (<c>RequireHttps</c>, <c>AllowPrivateNetworks</c>:
/// https to public addresses only, unless Development says otherwise).
/// </summary>
public sealed record WebhookSettings(
    bool Enabled,
    IReadOnlyList<TimeSpan> RetryDelays,
    TimeSpan Timeout,
    int Parallelism,
    bool RequireHttps,
    bool AllowPrivateNetworks)
{
    public const string Section = "Webhooks";
    public const string EnabledSetting = $"{Section}:Enabled";
    public const string RetryDelaysSetting = $"{Section}:RetryDelays";
    public const string DefaultRetryDelays = "00:00:10, 00:01:00, 00:05:00, 00:30:00, 02:00:00, 08:00:00";

    public int MaxAttempts => RetryDelays.Count + 1;

    public static WebhookSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var delays = section.GetValue("RetryDelays", DefaultRetryDelays)!;
        var settings = new WebhookSettings(
            section.GetValue("Enabled", defaultValue: true),
            ParseDelays(delays),
            section.GetValue("Timeout", TimeSpan.FromSeconds(10)),
            section.GetValue("Parallelism", 8),
            section.GetValue("RequireHttps", defaultValue: true),
            section.GetValue("AllowPrivateNetworks", defaultValue: false));
        return settings.Timeout > TimeSpan.Zero && settings.Parallelism > 0
            ? settings
            : throw new InvalidOperationException($"{Section}:Timeout and {Section}:Parallelism must be above zero.");
    }

    private static TimeSpan[] ParseDelays(string text)
    {
        var delays = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(item => TimeSpan.TryParse(item, CultureInfo.InvariantCulture, out var delay) && delay > TimeSpan.Zero ? delay : (TimeSpan?)null)
            .ToArray();
        return delays.Length > 0 && delays.All(delay => delay is not null)
            ? [.. delays.Select(delay => delay!.Value)]
            : throw new InvalidOperationException($"{RetryDelaysSetting} '{text}' is not a comma-separated list of positive durations such as '00:00:10, 00:01:00'.");
    }
}

public static class WebhookConfiguration
{
    public const string Queue = "webhooks";
    public const string HttpClientName = "webhooks";

    public static StoreOptions AddWebhooks(this StoreOptions options)
    {
        options.Schema.For<WebhookSubscription>().Index(s => s.AgencyId);
        options.Schema.For<WebhookDelivery>().Index(d => d.SubscriptionId).Index(d => d.Sequence);
        return options;
    }

    public static IServiceCollection AddWebhooks(this IServiceCollection services, WebhookSettings settings)
    {
        services.AddSingleton(settings);
        services.AddHttpClient(HttpClientName, client => client.Timeout = settings.Timeout)
            .ConfigurePrimaryHttpMessageHandler(() => WebhookTargets.Handler(settings));
        return services;
    }

    /// <summary>Deliveries run on a durable local queue of their own; a failed one is tried again after each pause, then dead-lettered.</summary>
    public static WolverineOptions ConfigureWebhooks(this WolverineOptions options, WebhookSettings settings)
    {
        options.PublishMessage<DeliverWebhook>().ToLocalQueue(Queue).MaximumParallelMessages(settings.Parallelism);
        options.OnException<WebhookDeliveryFailedException>()
            .ScheduleRetry([.. settings.RetryDelays])
            .Then.MoveToErrorQueue();
        return options;
    }
}
