using System.Linq.Expressions;
using EventSourcedAgreements.Agreements.Requesting;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.AspNetCore.OpenApi;

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
        builder.Services.Configure<OpenApiOptions>("v1", openApi => openApi.AddSchemaTransformer<RequestAgreementSchema>());
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
                index.Predicate = $"{StatusIn(Agreement.OpenStatuses)} AND data ->> '{nameof(Agreement.RequestedByCommand)}' = 'true'";
            });
    }

    /// <summary>
    /// An index predicate on the snapshot's status, written as PostgreSQL prints it back (an IN list comes back as
    /// <c>= ANY (ARRAY[...])</c>), so that comparing the schema with the configuration finds no difference and
    /// <c>db-assert</c> passes after <c>db-apply</c>.
    /// </summary>
    public static string StatusIn(IEnumerable<AgreementStatus> statuses) =>
        $"data ->> 'Status' = ANY (ARRAY[{string.Join(", ", statuses.Select(status => $"'{status}'"))}])";
}
