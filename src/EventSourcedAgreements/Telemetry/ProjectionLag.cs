using System.Diagnostics.Metrics;
using EventSourcedAgreements.Operating;
using Marten;

namespace EventSourcedAgreements.Telemetry;

/// <summary>
/// The metric <c>agreements.projection.lag</c>: how many recorded events each asynchronous projection has not applied
/// yet (tag <c>projection</c>), read from the database every <c>Telemetry:ProjectionLagInterval</c> (15 s). It is the
/// store's figure, the same on every node (a dashboard takes the maximum). Marten's own per-shard gap histogram is
/// recorded only when a page of events is processed, so a projection that runs nowhere would fall silent; this does not.
/// </summary>
public sealed partial class ProjectionLag : BackgroundService
{
    public const string MeterName = "EventSourcedAgreements";
    public const string InstrumentName = "agreements.projection.lag";

    private readonly IDocumentStore store;
    private readonly TimeProvider time;
    private readonly ILogger<ProjectionLag> logger;
    private readonly TimeSpan interval;
    private volatile IReadOnlyList<ProjectionProgress> latest = [];

    public ProjectionLag(IDocumentStore store, IMeterFactory meters, TelemetrySettings settings, TimeProvider time, ILogger<ProjectionLag> logger)
    {
        this.store = store;
        this.time = time;
        this.logger = logger;
        interval = settings.ProjectionLagInterval;
        meters.Create(MeterName).CreateObservableGauge(
            InstrumentName,
            () => latest.Select(p => new Measurement<long>(p.Behind, new KeyValuePair<string, object?>("projection", p.Shard))),
            unit: "{event}",
            description: "Recorded events an asynchronous projection has not applied yet");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                latest = (await ProjectionStatus.ReadAsync(store, stoppingToken)).Projections;
            }
            catch (Exception failure) when (!stoppingToken.IsCancellationRequested)
            {
                ReadFailed(failure);
            }

            await Task.Delay(interval, time, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the projections' progress for the lag metric")]
    private partial void ReadFailed(Exception failure);
}
