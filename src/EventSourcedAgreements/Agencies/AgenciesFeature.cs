using EventSourcedAgreements.Agencies.Directory;
using JasperFx.Events.Projections;
using Marten;

namespace EventSourcedAgreements.Agencies;

/// <summary>
/// Agencies: the directory of every agency the record names (its identity, state and agreements), kept by an
/// asynchronous projection over the agreements' events.
/// </summary>
public static class AgenciesFeature
{
    public static IHostApplicationBuilder AddAgencies(this IHostApplicationBuilder builder)
    {
        builder.Services.ConfigureMarten(options =>
        {
            options.Projections.Add(new AgencyDirectoryProjection(), ProjectionLifecycle.Async);
            options.Schema.For<AgencyDetails>().Index(a => a.State);
        });
        return builder;
    }
}
