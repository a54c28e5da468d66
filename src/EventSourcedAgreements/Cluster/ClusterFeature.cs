using System.ComponentModel.DataAnnotations;
using EventSourcedAgreements.Hosting;

namespace EventSourcedAgreements.Cluster;

/// <summary>
/// How the nodes of a cluster watch each other (Wolverine's durability settings, in Balanced mode by default): every node
/// writes a heartbeat each <c>Cluster:HealthCheckPollingTime</c> (10 s); a node whose heartbeat is older than
/// <c>Cluster:StaleNodeTimeout</c> (1 min) is taken for dead and its asynchronous projections move to the others; the
/// leader checks that every projection runs somewhere each <c>Cluster:CheckAssignmentPeriod</c> (30 s); scheduled messages
/// (deadlines, webhook retries) are looked for every <c>Cluster:ScheduledJobPollingTime</c> (5 s). Unset, Wolverine's
/// defaults hold; tests shorten them.
/// </summary>
public static class ClusterFeature
{
    public static IHostApplicationBuilder AddCluster(this IHostApplicationBuilder builder)
    {
        var settings = builder.AddSettings<ClusterSettings>();
        var durability = builder.Wolverine().Durability;
        durability.HealthCheckPollingTime = settings.HealthCheckPollingTime ?? durability.HealthCheckPollingTime;
        durability.FirstHealthCheckExecution = settings.FirstHealthCheckExecution ?? durability.FirstHealthCheckExecution;
        durability.StaleNodeTimeout = settings.StaleNodeTimeout ?? durability.StaleNodeTimeout;
        durability.CheckAssignmentPeriod = settings.CheckAssignmentPeriod ?? durability.CheckAssignmentPeriod;
        durability.ScheduledJobPollingTime = settings.ScheduledJobPollingTime ?? durability.ScheduledJobPollingTime;
        return builder;
    }
}

/// <summary>The <c>Cluster</c> settings: each a positive duration, or unset for Wolverine's default.</summary>
public sealed record ClusterSettings : ISettings<ClusterSettings>
{
    private const string Positive = "a positive duration such as 00:00:10";

    public static string Section => "Cluster";

    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00", ErrorMessage = Positive)]
    public TimeSpan? HealthCheckPollingTime { get; init; }

    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "a duration from 0 to 1 day")]
    public TimeSpan? FirstHealthCheckExecution { get; init; }

    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00", ErrorMessage = Positive)]
    public TimeSpan? StaleNodeTimeout { get; init; }

    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00", ErrorMessage = Positive)]
    public TimeSpan? CheckAssignmentPeriod { get; init; }

    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00", ErrorMessage = Positive)]
    public TimeSpan? ScheduledJobPollingTime { get; init; }
}
