using System.Linq.Expressions;
using EventSourcedAgreements.Officers.FollowingTheAgreement;
using JasperFx.Events.Projections;
using Marten;

namespace EventSourcedAgreements.Officers;

/// <summary>
/// Designated immigration officers: one event stream per officer nominated under an agreement, folded inline into its
/// snapshot (<see cref="Officer"/>, what the commands decide on), and the officer's identity (name, badge number) kept
/// apart from the append-only record in <see cref="OfficerIdentity"/>. The officers follow their agreement in and out
/// of force by themselves (<see cref="AgreementChanges"/>, <see cref="FollowAgreementHandler"/>).
/// </summary>
public static class OfficersFeature
{
    public static IHostApplicationBuilder AddOfficers(this IHostApplicationBuilder builder)
    {
        builder.Services.ConfigureMarten(Store);
        builder.Services.SubscribeToEventsWithServices<AgreementChanges>(ServiceLifetime.Singleton);
        return builder;
    }

    private static void Store(StoreOptions options)
    {
        var officers = options.Projections.Snapshot<Officer>(SnapshotLifecycle.Inline);
        officers.Index(o => o.AgreementId);
        officers.Index(new Expression<Func<Officer, object>>[] { o => o.AgencyId, o => o.PersonKey });

        options.Schema.For<OfficerIdentity>().Index(new Expression<Func<OfficerIdentity, object>>[] { i => i.AgencyId, i => i.MatchKey });
    }
}
