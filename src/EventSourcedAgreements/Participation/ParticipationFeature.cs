using JasperFx.Events.Projections;
using Marten;
using Weasel.Postgresql.Tables;

namespace EventSourcedAgreements.Participation;

/// <summary>
/// Participation: who took part on which dates, on both time axes. Two tables (periods in force, and the changes
/// between lists), written by an inline projection in the same transaction as the events; one exclusion constraint
/// keeps an agency and model from being in force twice on a day as known at any moment.
/// </summary>
public static class ParticipationFeature
{
    public const string PeriodsTable = "participation_periods";
    public const string ChangesTable = "participation_changes";

    public static IHostApplicationBuilder AddParticipation(this IHostApplicationBuilder builder)
    {
        builder.Services.ConfigureMarten(Store);
        return builder;
    }

    private static void Store(StoreOptions options)
    {
        var table = AgreementTable($"{options.DatabaseSchemaName}.{PeriodsTable}");
        table.AddColumn("signed_on", "date").NotNull();
        table.AddColumn<string>("moa_url");
        table.AddColumn<bool>("moa_posted").NotNull();
        table.AddColumn<string>("signing_dispute");
        table.AddColumn<string>("certainty").NotNull();
        table.AddColumn("effective", "daterange").NotNull();
        table.AddColumn("known", "tstzrange").NotNull();
        table.AddColumn("recorded", "tstzrange").NotNull().DefaultValueByExpression("tstzrange(transaction_timestamp(), null)");
        table.Indexes.Add(new IndexDefinition($"ix_{PeriodsTable}_effective_known") { Columns = ["effective", "known", "recorded"], Method = IndexMethod.gist });
        table.Indexes.Add(new IndexDefinition($"ix_{PeriodsTable}_agreement") { Columns = ["agreement_id"] });
        table.Indexes.Add(RecordedAxis.OpenRows(PeriodsTable, "agreement_id"));
        // For one state's list: PostgreSQL combines it with the GiST index on the two time axes (a bitmap AND).
        table.Indexes.Add(new IndexDefinition($"ix_{PeriodsTable}_state") { Columns = ["state", "model"] });
        // The exclusion constraint's own index belongs to OneInForceSchema, not to this table's definition: without this,
        // every later migration (a second start in Development, db-apply, db-assert) would take it for an extra index to drop.
        table.IgnoredIndexes.Add(OneInForceSchema.ConstraintName);
        options.Storage.ExtendedSchemaObjects.Add(table);

        var changes = AgreementTable($"{options.DatabaseSchemaName}.{ChangesTable}");
        changes.AddColumn<string>("kind").NotNull();
        changes.AddColumn("on_date", "date").NotNull();
        changes.AddColumn("not_before", "date");
        changes.AddColumn("signed_on", "date");
        changes.AddColumn("known", "tstzrange").NotNull();
        changes.AddColumn("recorded", "tstzrange").NotNull().DefaultValueByExpression("tstzrange(transaction_timestamp(), null)");
        changes.Indexes.Add(new IndexDefinition($"ix_{ChangesTable}_known") { Columns = ["known", "recorded"], Method = IndexMethod.gist });
        changes.Indexes.Add(new IndexDefinition($"ix_{ChangesTable}_on") { Columns = ["on_date"] });
        changes.Indexes.Add(new IndexDefinition($"ix_{ChangesTable}_agreement") { Columns = ["agreement_id"] });
        changes.Indexes.Add(RecordedAxis.OpenRows(ChangesTable, "agreement_id"));
        options.Storage.ExtendedSchemaObjects.Add(changes);

        options.Storage.Add(new OneInForceSchema(options.DatabaseSchemaName, options.Advanced.Migrator));
        options.Projections.Add(new ParticipationProjection(options.DatabaseSchemaName), ProjectionLifecycle.Inline);
    }

    /// <summary>A table whose rows each name an agreement as a published list would: agency, state and model.</summary>
    private static Table AgreementTable(string name)
    {
        var table = new Table(name);
        table.AddColumn<Guid>("agreement_id").NotNull();
        table.AddColumn<string>("agency_id").NotNull();
        table.AddColumn<string>("state").NotNull();
        table.AddColumn<string>("state_name").NotNull();
        table.AddColumn<string>("agency_name").NotNull();
        table.AddColumn<string>("model").NotNull();
        return table;
    }
}
