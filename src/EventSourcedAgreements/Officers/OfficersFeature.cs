using System.Linq.Expressions;
using EventSourcedAgreements.Officers.Authority;
using EventSourcedAgreements.Officers.FollowingTheAgreement;
using JasperFx.Events.Projections;
using Marten;
using Weasel.Postgresql.Tables;

namespace EventSourcedAgreements.Officers;

/// <summary>
/// Designated immigration officers: one event stream per officer nominated under an agreement, folded inline into its
/// snapshot (<see cref="Officer"/>, what the commands decide on), and the officer's identity (name, badge number) kept
/// apart from the append-only record in <see cref="OfficerIdentity"/>. The officers follow their agreement in and out
/// of force by themselves (<see cref="AgreementChanges"/>, <see cref="FollowAgreementHandler"/>).
/// </summary>
public static class OfficersFeature
{
    public const string AuthorityTable = "officer_authority_periods";
    public const string OneAuthorityConstraint = OneAuthoritySchema.ConstraintName;

    public static IHostApplicationBuilder AddOfficers(this IHostApplicationBuilder builder)
    {
        builder.AddSettings<OfficerSettings>();
        builder.Services.ConfigureMarten(Store);
        builder.Services.SubscribeToEventsWithServices<AgreementChanges>(ServiceLifetime.Singleton);
        return builder;
    }

    private static void Store(StoreOptions options)
    {
        var officers = options.Projections.Snapshot<Officer>(SnapshotLifecycle.Inline);
        officers.Index(o => o.AgreementId);

        // Whose refresher is overdue by a date (RefresherSweep).
        officers.Index(o => o.RefreshedOn!);
        officers.Index(new Expression<Func<Officer, object>>[] { o => o.AgencyId, o => o.PersonKey });

        options.Schema.For<OfficerIdentity>().Index(new Expression<Func<OfficerIdentity, object>>[] { i => i.AgencyId, i => i.MatchKey });

        // The days each officer held authority, on both time axes (AuthorityProjection), and one person of an agency
        // authorized under one agreement on any day, as known at any time (the exclusion constraint).
        var table = new Table($"{options.DatabaseSchemaName}.{AuthorityTable}");
        table.AddColumn<Guid>("officer_id").NotNull();
        table.AddColumn<Guid>("agreement_id").NotNull();
        table.AddColumn<string>("agency_id").NotNull();
        table.AddColumn<string>("person_key").NotNull();
        table.AddColumn<string>("state").NotNull();
        table.AddColumn<string>("state_name").NotNull();
        table.AddColumn<string>("model").NotNull();
        table.AddColumn("effective", "daterange").NotNull();
        table.AddColumn("known", "tstzrange").NotNull();
        table.AddColumn("recorded", "tstzrange").NotNull().DefaultValueByExpression("tstzrange(transaction_timestamp(), null)");
        table.Indexes.Add(new IndexDefinition($"ix_{AuthorityTable}_effective_known") { Columns = ["effective", "known", "recorded"], Method = IndexMethod.gist });
        table.Indexes.Add(new IndexDefinition($"ix_{AuthorityTable}_officer") { Columns = ["officer_id"] });
        table.Indexes.Add(Participation.RecordedAxis.OpenRows(AuthorityTable, "officer_id"));
        table.Indexes.Add(new IndexDefinition($"ix_{AuthorityTable}_agreement") { Columns = ["agreement_id"] });
        table.Indexes.Add(new IndexDefinition($"ix_{AuthorityTable}_state") { Columns = ["state", "model"] });
        table.IgnoredIndexes.Add(OneAuthorityConstraint);
        options.Storage.ExtendedSchemaObjects.Add(table);
        options.Storage.Add(new OneAuthoritySchema(options.DatabaseSchemaName, options.Advanced.Migrator));
        options.Projections.Add(new AuthorityProjection(options.DatabaseSchemaName), ProjectionLifecycle.Inline);
    }
}
