using System.Collections.Concurrent;
using System.Net;
using System.Text;
using EventSourcedAgreements.Agencies.Directory;
using EventSourcedAgreements.Hosting;
using EventSourcedAgreements.Telemetry;
using EventSourcedAgreements.Tests.Fixtures;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace EventSourcedAgreements.Tests.Hosting;

/// <summary>
/// Telemetry leaves the service over OTLP/HTTP to a real receiver on loopback (a Kestrel app that keeps what it is
/// sent), only when an endpoint is configured.
/// </summary>
public sealed class TelemetryTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task with_an_otlp_endpoint_a_command_arrives_as_a_trace_with_its_route_correlation_id_and_postgresql_calls_and_the_metrics_follow()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        await using var host = await AppFixture.StartHostAsync(
            await App.Postgres.CreateDatabaseAsync(),
            (TelemetryFeature.EndpointSetting, collector.Address),
            ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
            ("OTEL_SERVICE_NAME", "agreements-under-test"),
            ("OTEL_BSP_SCHEDULE_DELAY", "100"),
            ("OTEL_METRIC_EXPORT_INTERVAL", "500"),
            ("Telemetry:ProjectionLagInterval", "00:00:00.200"));

        await host.Scenario(s =>
        {
            s.Post.Json(HernandoJem).ToUrl("/api/agreements");
            s.WithRequestHeader("Authorization", $"Bearer {Officer}");
            s.WithRequestHeader(Correlation.Header, "telemetry-test-42");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });

        var trace = await collector.WaitForAsync("/v1/traces", body => body.Contains("POST /api/agreements", StringComparison.Ordinal) && body.Contains("postgresql", StringComparison.Ordinal));
        trace.ShouldContain("agreements-under-test");
        trace.ShouldContain("EventSourcedAgreements.Agreements.Requesting");
        trace.ShouldContain(Correlation.TraceTag);
        trace.ShouldContain("telemetry-test-42");
        var metrics = await collector.WaitForAsync("/v1/metrics", body => body.Contains("http.server.request.duration", StringComparison.Ordinal));
        metrics.ShouldContain("agreements-under-test");
        var lag = await collector.WaitForAsync("/v1/metrics", body => body.Contains(ProjectionLag.InstrumentName, StringComparison.Ordinal));
        lag.ShouldContain(AgencyDirectoryProjection.ProjectionName + ":All");
    }

    [Fact]
    public async Task a_log_line_written_while_a_request_is_handled_carries_its_correlation_id()
    {
        var logs = new ScopeRecorder();
        var connectionString = await App.Postgres.CreateDatabaseAsync();
        await using var factory = new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            AppFixture.ConfigureForTests(builder, connectionString, [("Logging:LogLevel:Microsoft.AspNetCore.Authorization", "Information")]);
            builder.ConfigureServices(services => services.AddLogging(logging => logging.AddProvider(logs)));
        });
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/audit?from=2019-01-01&to=2019-12-31");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Officer);
        request.Headers.Add(Correlation.Header, "log-scope-test-7");

        using var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, "the audit feed is for auditors: ASP.NET Core logs the refusal");
        var refusal = logs.Lines.Where(line => line.Message.StartsWith("Authorization failed", StringComparison.Ordinal)).ShouldHaveSingleItem();
        refusal.Scopes.ShouldContain(new KeyValuePair<string, object?>(Correlation.LogScopeKey, "log-scope-test-7"));
    }

    [Fact]
    public void without_an_endpoint_no_telemetry_is_collected()
    {
        App.Host.Services.GetService<TracerProvider>().ShouldBeNull();
    }

    /// <summary>Keeps every log line with the key-value pairs of the scopes it was written in.</summary>
    private sealed class ScopeRecorder : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

        public ConcurrentQueue<(string Message, List<KeyValuePair<string, object?>> Scopes)> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Recorder(this);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Recorder(ScopeRecorder owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => owner.scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var pairs = new List<KeyValuePair<string, object?>>();
                owner.scopes.ForEachScope((scope, list) =>
                {
                    if (scope is IEnumerable<KeyValuePair<string, object>> values)
                    {
                        list.AddRange(values.Select(v => new KeyValuePair<string, object?>(v.Key, v.Value)));
                    }
                }, pairs);
                owner.Lines.Enqueue((formatter(state, exception), pairs));
            }
        }
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
