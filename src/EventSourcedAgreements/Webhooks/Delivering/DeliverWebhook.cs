using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using EventSourcedAgreements.Agreements.GettingHistory;
using EventSourcedAgreements.Agreements.GettingLifecycle;
using EventSourcedAgreements.Officers;
using EventSourcedAgreements.Participation;
using Marten;
using Microsoft.Extensions.Options;
using Wolverine;

namespace EventSourcedAgreements.Webhooks.Delivering;

/// <summary>Carry out delivery <see cref="DeliveryId"/> (a message on the durable <c>webhooks</c> queue).</summary>
public sealed record DeliverWebhook(string DeliveryId);

/// <summary>
/// What a receiver gets: the event's stable id (the same on every attempt: de-duplicate on it), and the event as the
/// public lifecycle shows it (<see cref="Event"/>), or, for an officer's event, the officer's id, status and the count of
/// officers authorized under the agreement (<see cref="Officer"/>: never a name).
/// </summary>
public sealed record WebhookNotification(
    Guid Id,
    string Type,
    Guid AgreementId,
    string AgencyId,
    Guid SubscriptionId,
    int Attempt,
    DateTimeOffset SentAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] LifecycleEntry? Event,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] OfficerNotice? Officer = null);

/// <summary>
/// An officer's event as a receiver gets it: whose (the officer's id), the date it is about, when it was known and from
/// which source, the officer's status after it, and how many officers held authority under the agreement on that date,
/// as recorded when the event was.
/// </summary>
public sealed record OfficerNotice(Guid OfficerId, DateOnly On, DateTimeOffset KnownAt, string Source, OfficerStatus StatusAfter, int AuthorizedUnderAgreement);

/// <summary>The receiver did not take the delivery; Wolverine tries again after the next pause, or dead-letters it after the last.</summary>
public sealed class WebhookDeliveryFailedException(string message) : Exception(message);

public static class WebhookSignature
{
    public const string Header = "X-Agreements-Signature";
    public const string EventIdHeader = "X-Agreements-Event-Id";
    public const string EventTypeHeader = "X-Agreements-Event-Type";
    public const string DeliveryHeader = "X-Agreements-Delivery";
    public const string Prefix = "sha256=";

    /// <summary><c>sha256=</c> and the lowercase hex HMAC-SHA256 of the body's bytes, keyed with the subscription's secret (UTF-8).</summary>
    public static string Sign(string secret, byte[] body) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}

public static class DeliverWebhookHandler
{
    public static async Task Handle(
        DeliverWebhook message,
        Envelope envelope,
        IDocumentStore store,
        IHttpClientFactory clients,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        WebhookSettings settings,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        var delivery = await session.LoadAsync<WebhookDelivery>(message.DeliveryId, cancellationToken);
        if (delivery is null || delivery.Finished)
        {
            return;
        }

        var subscription = await session.LoadAsync<WebhookSubscription>(delivery.SubscriptionId, cancellationToken);
        if (subscription is null || subscription.DeletedAt is not null)
        {
            session.Store(delivery with { Status = DeliveryStatus.Cancelled });
            await session.SaveChangesAsync(cancellationToken);
            return;
        }

        var now = clock.GetUtcNow();
        DeliveryAttempt attempt;
        try
        {
            var notification = await NotificationAsync(delivery, subscription, now, session, cancellationToken);
            var body = JsonSerializer.SerializeToUtf8Bytes(notification, json.Value.SerializerOptions);
            attempt = await PostAsync(clients.CreateClient(WebhooksFeature.HttpClientName), subscription, delivery, notification, body, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Recorded and retried like a receiver's failure, on the same pauses, rather than by Wolverine's default rule.
            attempt = new DeliveryAttempt(delivery.Attempts.Count + 1, now, null, $"The service could not send it ({exception.GetType().Name}); it tries again.", 0);
        }

        var last = envelope.Attempts >= settings.MaxAttempts;
        session.Store(delivery.After(attempt, last));
        await session.SaveChangesAsync(cancellationToken);
        if (!attempt.Succeeded)
        {
            throw new WebhookDeliveryFailedException($"Delivery {delivery.Id} to {subscription.Url}, attempt {attempt.Number}: {attempt.Error ?? $"HTTP {attempt.StatusCode}"}.");
        }
    }

    private static async Task<WebhookNotification> NotificationAsync(WebhookDelivery delivery, WebhookSubscription subscription, DateTimeOffset now, IQuerySession session, CancellationToken cancellationToken)
    {
        var @event = await session.Events.LoadAsync(delivery.EventId, cancellationToken)
            ?? throw new InvalidOperationException($"Event {delivery.EventId} of delivery {delivery.Id} is not in the store.");
        if (delivery.OfficerId is { } officerId)
        {
            return await OfficerNotificationAsync(delivery, subscription, @event, officerId, now, session, cancellationToken);
        }

        var stream = await session.Events.FetchStreamAsync(delivery.AgreementId, version: @event.Version, token: cancellationToken);
        var entry = GetHistoryEndpoint.EntryOfLast(stream);
        return new WebhookNotification(
            @event.Id,
            entry.Type,
            delivery.AgreementId,
            entry.StateAfter.AgencyId,
            subscription.Id,
            delivery.Attempts.Count + 1,
            now,
            LifecycleEntry.From(entry));
    }

    private static async Task<WebhookNotification> OfficerNotificationAsync(
        WebhookDelivery delivery, WebhookSubscription subscription, JasperFx.Events.IEvent @event, Guid officerId, DateTimeOffset now, IQuerySession session, CancellationToken cancellationToken)
    {
        var stream = await session.Events.FetchStreamAsync(officerId, version: @event.Version, token: cancellationToken);
        var officer = Officers.Officer.Fold(stream)
            ?? throw new InvalidOperationException($"Officer {officerId} of delivery {delivery.Id} has no nomination before event {@event.Id}.");
        var on = ((IOfficerEvent)@event.Data).BusinessDate;
        var authorized = await session.AdvancedSql.QueryAsync<long>(
            $"""
            select count(*) from {session.DocumentStore.Options.DatabaseSchemaName}.{OfficersFeature.AuthorityTable}
            where agreement_id = ? and effective @> ?::date and known @> ?::timestamptz and recorded @> ?::timestamptz
            """,
            cancellationToken,
            officer.AgreementId,
            on,
            Knowledge.KnownAt(@event),
            @event.Timestamp);
        return new WebhookNotification(
            @event.Id,
            @event.EventType.Name,
            officer.AgreementId,
            officer.AgencyId,
            subscription.Id,
            delivery.Attempts.Count + 1,
            now,
            Event: null,
            new OfficerNotice(officerId, on, Knowledge.KnownAt(@event), Knowledge.Source(@event), officer.Status, (int)authorized[0]));
    }

    private static async Task<DeliveryAttempt> PostAsync(HttpClient client, WebhookSubscription subscription, WebhookDelivery delivery, WebhookNotification notification, byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(subscription.Secret, body));
        request.Headers.Add(WebhookSignature.EventIdHeader, notification.Id.ToString());
        request.Headers.Add(WebhookSignature.EventTypeHeader, notification.Type);
        request.Headers.Add(WebhookSignature.DeliveryHeader, delivery.Id);
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("EventSourcedAgreements-Webhooks", "1"));

        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            var answered = new DeliveryAttempt(notification.Attempt, notification.SentAt, status, null, Elapsed(started));
            return answered.Succeeded ? answered : answered with { Error = $"HTTP {status} {response.ReasonPhrase}" };
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var error = exception is TaskCanceledException ? $"No answer within {client.Timeout.TotalSeconds:0.#} s." : exception.Message;
            return new DeliveryAttempt(notification.Attempt, notification.SentAt, null, error, Elapsed(started));
        }
    }

    private static double Elapsed(long started) => Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1);
}
