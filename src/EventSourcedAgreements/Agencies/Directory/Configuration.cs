using JasperFx.Events.Projections;
using Marten;

namespace EventSourcedAgreements.Agencies.Directory;

public static class Configuration
{
    public static StoreOptions AddAgencyDirectory(this StoreOptions options)
    {
        options.Projections.Add(new AgencyDirectoryProjection(), ProjectionLifecycle.Async);
        var directory = options.Schema.For<AgencyDetails>();
        directory.Index(a => a.State);
        return options;
    }
}
