using System.Collections.Concurrent;
using System.Net;
using System.Text;
using EventSourcedAgreements.Hosting;
using EventSourcedAgreements.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace EventSourcedAgreements.Tests.Hosting;

/// <summary>
/// Telemetry leaves the service over OTLP/HTTP to a real receiver on loopback (a Kestrel app that keeps what it is
/// sent), only when an endpoint is configured.
/// </summary>
public sealed class TelemetryTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task with_an_otlp_endpoint_a_command_arrives_as_a_trace_with_its_route_and_its_postgresql_calls_and_the_metrics_follow()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        await using var host = await AppFixture.StartHostAsync(
            await App.Postgres.CreateDatabaseAsync(),
            (Telemetry.EndpointSetting, collector.Address),
            ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
            ("OTEL_SERVICE_NAME", "agreements-under-test"),
            ("OTEL_BSP_SCHEDULE_DELAY", "100"),
            ("OTEL_METRIC_EXPORT_INTERVAL", "500"));

        await host.Scenario(s =>
        {
            s.Post.Json(HernandoJem).ToUrl("/api/agreements");
            s.WithRequestHeader("Authorization", $"Bearer {Officer}");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });

        var trace = await collector.WaitForAsync("/v1/traces", body => body.Contains("POST /api/agreements", StringComparison.Ordinal) && body.Contains("postgresql", StringComparison.Ordinal));
        trace.ShouldContain("agreements-under-test");
        trace.ShouldContain("EventSourcedAgreements.Agreements.Requesting");
        var metrics = await collector.WaitForAsync("/v1/metrics", body => body.Contains("http.server.request.duration", StringComparison.Ordinal));
        metrics.ShouldContain("agreements-under-test");
    }

    [Fact]
    public void without_an_endpoint_no_telemetry_is_collected()
    {
        App.Host.Services.GetService<TracerProvider>().ShouldBeNull();
    }

    /// <summary>An OTLP/HTTP receiver: answers every export with an empty protobuf message and keeps the bodies by path.</summary>
    private sealed class OtlpReceiver : IAsyncDisposable
    {
        private readonly WebApplication app;
        private readonly ConcurrentQueue<(string Path, string Body)> received = new();

        private OtlpReceiver(WebApplication app) => this.app = app;

        public string Address => app.Urls.Single();

        public static async Task<OtlpReceiver> StartAsync()
        {
            var app = WebApplication.CreateSlimBuilder().Build();
            app.Urls.Add("http://127.0.0.1:0");
            var receiver = new OtlpReceiver(app);
            app.MapPost("/v1/{signal}", async (HttpContext context) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                receiver.received.Enqueue((context.Request.Path, Encoding.UTF8.GetString(body.ToArray())));
                context.Response.ContentType = "application/x-protobuf";
            });
            await app.StartAsync();
            return receiver;
        }

        /// <summary>The first body sent to <paramref name="path"/> that satisfies <paramref name="wanted"/>, within 30 s.</summary>
        public async Task<string> WaitForAsync(string path, Func<string, bool> wanted)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < deadline)
            {
                var all = string.Concat(received.Where(r => r.Path == path).Select(r => r.Body));
                if (wanted(all))
                {
                    return all;
                }

                await Task.Delay(100);
            }

            throw new TimeoutException($"Nothing the test wanted reached {path} in 30 s; received: {string.Join(", ", received.Select(r => $"{r.Path} ({r.Body.Length} chars)"))}.");
        }

        public async ValueTask DisposeAsync() => await app.DisposeAsync();
    }
}
