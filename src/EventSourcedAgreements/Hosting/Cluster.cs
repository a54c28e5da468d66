using Wolverine;

namespace EventSourcedAgreements.Hosting;

/// <summary>
/// How the nodes of a cluster watch each other (Wolverine's durability settings, in Balanced mode by default): every node
/// writes a heartbeat each <c>Cluster:HealthCheckPollingTime</c> (10 s); a node whose heartbeat is older than
/// <c>Cluster:StaleNodeTimeout</c> (1 min) is taken for dead and its asynchronous projections move to the others; the
/// leader checks that every projection runs somewhere each <c>Cluster:CheckAssignmentPeriod</c> (30 s); scheduled messages
/// (deadlines, webhook retries) are looked for every <c>Cluster:ScheduledJobPollingTime</c> (5 s). The defaults are
/// Wolverine's; tests shorten them.
/// </summary>
public static class Cluster
{
    public static WolverineOptions ConfigureCluster(this WolverineOptions options, IConfiguration configuration)
    {
        var durability = options.Durability;
        durability.HealthCheckPollingTime = configuration.GetValue("Cluster:HealthCheckPollingTime", durability.HealthCheckPollingTime);
        durability.FirstHealthCheckExecution = configuration.GetValue("Cluster:FirstHealthCheckExecution", durability.FirstHealthCheckExecution);
        durability.StaleNodeTimeout = configuration.GetValue("Cluster:StaleNodeTimeout", durability.StaleNodeTimeout);
        durability.CheckAssignmentPeriod = configuration.GetValue("Cluster:CheckAssignmentPeriod", durability.CheckAssignmentPeriod);
        durability.ScheduledJobPollingTime = configuration.GetValue("Cluster:ScheduledJobPollingTime", durability.ScheduledJobPollingTime);
        return options;
    }
}
