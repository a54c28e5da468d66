using EventSourcedAgreements.Hosting;
using EventSourcedAgreements.Webhooks.Delivering;
using Marten;
using Wolverine.ErrorHandling;

namespace EventSourcedAgreements.Webhooks;

/// <summary>
/// Webhooks: subscriptions and deliveries stored as documents; every recorded event fanned out to the subscriptions
/// that want it (a Marten subscription, when <c>Webhooks:Enabled</c>); each delivery a message on a durable local queue
/// of its own, tried again after each pause of <c>Webhooks:RetryDelays</c>, then dead-lettered.
/// </summary>
public static class WebhooksFeature
{
    public const string Queue = "webhooks";
    public const string HttpClientName = "webhooks";

    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder)
    {
        var settings = builder.AddSettings<WebhookSettings>();
        builder.Services.ConfigureMarten(options =>
        {
            options.Schema.For<WebhookSubscription>().Index(s => s.AgencyId);
            options.Schema.For<WebhookDelivery>().Index(d => d.SubscriptionId).Index(d => d.Sequence);
        });
        builder.Services.AddHttpClient(HttpClientName, client => client.Timeout = settings.Timeout)
            .ConfigurePrimaryHttpMessageHandler(() => WebhookTargets.Handler(settings));
        var wolverine = builder.Wolverine();
        wolverine.PublishMessage<DeliverWebhook>().ToLocalQueue(Queue).MaximumParallelMessages(settings.Parallelism);
        wolverine.OnException<WebhookDeliveryFailedException>()
            .ScheduleRetry([.. settings.RetryDelays])
            .Then.MoveToErrorQueue();
        if (settings.Enabled)
        {
            builder.Services.SubscribeToEventsWithServices<WebhookFanOut>(ServiceLifetime.Singleton);
        }

        return builder;
    }
}
