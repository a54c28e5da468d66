using System.Linq.Expressions;
using JasperFx.Events.Projections;
using Marten;

namespace EventSourcedAgreements.Agreements;

/// <summary>
/// Agreements: one event stream per agreement, folded inline into its snapshot (the <see cref="Agreement"/> document the
/// commands decide on and the reads return), with at most one open request per agency and model among those that
/// commands opened.
/// </summary>
public static class AgreementsFeature
{
    public const string OneOpenAgreementPerModelIndex = "ux_agreement_open_per_agency_model";

    public static IHostApplicationBuilder AddAgreements(this IHostApplicationBuilder builder)
    {
        builder.Services.ConfigureMarten(Store);
        return builder;
    }

    private static void Store(StoreOptions options)
    {
        options.Projections.Add(new AgreementProjection(), ProjectionLifecycle.Inline);

        var agreements = options.Schema.For<Agreement>();
        agreements.Index(a => a.AgencyId);
        agreements.Index(a => a.State);

        agreements.Index(
            new Expression<Func<Agreement, object>>[] { a => a.AgencyId, a => a.Model },
            index =>
            {
                index.IsUnique = true;
                index.Name = OneOpenAgreementPerModelIndex;
                // Written as PostgreSQL prints it back (an IN list comes back as = ANY (ARRAY[...])), so that comparing
                // the schema with the configuration finds no difference and db-assert passes after db-apply.
                index.Predicate = $"data ->> 'Status' = ANY (ARRAY[{string.Join(", ", Agreement.OpenStatuses.Select(s => $"'{s}'"))}]) AND data ->> '{nameof(Agreement.RequestedByCommand)}' = 'true'";
            });
    }
}
