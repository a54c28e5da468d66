using System.Linq.Expressions;
using JasperFx.Events.Projections;
using Marten;

namespace EventSourcedAgreements.Agreements;

public static class Configuration
{
    public const string OneOpenAgreementPerModelIndex = "ux_agreement_open_per_agency_model";

    public static StoreOptions AddAgreements(this StoreOptions options)
    {
        options.Projections.Add(new AgreementProjection(), ProjectionLifecycle.Inline);

        var agreements = options.Schema.For<Agreement>();
        agreements.Index(a => a.AgencyId);
        agreements.Index(a => a.State);

        // The sweep's question: which changes recorded ahead of their date have reached it (Deadlines/ScheduledChanges.cs).
        agreements.Index(a => a.Pending!.EffectiveOn);
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
        agreements.Index(
            a => a.ExpiresOn!,
            index =>
            {
                index.Name = Deadlines.DeadlineSweep.OpenExpiringIndex;
                index.Predicate = $"data ->> 'Status' = ANY (ARRAY[{string.Join(", ", Agreement.InForceStatuses.Select(s => $"'{s}'"))}])";
            });
        return options;
    }
}
