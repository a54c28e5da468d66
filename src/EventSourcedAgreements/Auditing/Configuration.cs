using EventSourcedAgreements.Auditing.Sealing;
using EventSourcedAgreements.Auditing.Verifying;

namespace EventSourcedAgreements.Auditing;

public static class Configuration
{
    public static IServiceCollection AddAuditing(this IServiceCollection services)
    {
        services.AddSingleton<Verification>();
        services.AddSingleton<AnchorSealing>();
        services.AddHostedService<AnchorSchedule>();
        return services;
    }
}
