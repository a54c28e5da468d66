using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EventSourcedAgreements.Tests.Fixtures;

/// <summary>
/// A real HTTP receiver on loopback (a Kestrel app) for webhook deliveries: it keeps every request it gets, headers and
/// body, and answers with the status <see cref="Answer"/> chooses.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<Received> received = new();

    private WebhookReceiver(WebApplication app) => this.app = app;

    public sealed record Received(string? EventId, string? Signature, string? Delivery, byte[] Body, int AnsweredWith)
    {
        public string Text => Encoding.UTF8.GetString(Body);
    }

    /// <summary>The status to answer a request with, given how many requests came before it.</summary>
    public Func<int, int> Answer { get; set; } = _ => StatusCodes.Status204NoContent;

    public string Url => $"{app.Urls.Single()}/hooks";

    public IReadOnlyList<Received> Requests => [.. received];

    public IReadOnlyList<Received> Accepted => [.. received.Where(r => r.AnsweredWith is >= 200 and <= 299)];

    public static async Task<WebhookReceiver> StartAsync()
    {
        var app = WebApplication.CreateSlimBuilder().Build();
        app.Urls.Add("http://127.0.0.1:0");
        var receiver = new WebhookReceiver(app);
        var lockObject = new object();
        app.MapPost("/hooks", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            int status;
            lock (lockObject)
            {
                status = receiver.Answer(receiver.received.Count);
                receiver.received.Enqueue(new Received(
                    context.Request.Headers["X-Agreements-Event-Id"].SingleOrDefault(),
                    context.Request.Headers["X-Agreements-Signature"].SingleOrDefault(),
                    context.Request.Headers["X-Agreements-Delivery"].SingleOrDefault(),
                    body.ToArray(),
                    status));
            }

            context.Response.StatusCode = status;
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
