using System.Data.Common;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;

namespace EventSourcedAgreements.Participation;

/// <summary>
/// One agreement per agency and support model is in force on any day, as known at any time: an exclusion constraint
/// on <c>participation_periods</c> (two rows of different agreements of one agency and model may not overlap on the
/// three time axes; the rows of one agreement never do), so that writes racing each other cannot both land.
/// <see cref="ParticipationProjection"/> checks first, to answer which agreement and which days.
/// </summary>
public sealed class OneInForceSchema(string schema, Migrator migrator) : FeatureSchemaBase("one_in_force", migrator)
{
    public const string ConstraintName = "ex_participation_one_in_force";

    protected override IEnumerable<ISchemaObject> schemaObjects() => [new Constraint(schema)];

    private sealed class Constraint(string schema) : ISchemaObject
    {
        private string Table => $"{schema}.{ParticipationFeature.PeriodsTable}";

        public DbObjectName Identifier => new PostgresqlObjectName(schema, ConstraintName, SchemaUtils.IdentifierUsage.General);

        public IEnumerable<DbObjectName> AllNames() => [Identifier];

        public void WriteCreateStatement(Migrator migrator, TextWriter writer)
        {
            writer.WriteLine("create extension if not exists btree_gist;");
            writer.WriteLine($"alter table {Table} drop constraint if exists {ConstraintName};");
            writer.WriteLine($"alter table {Table} add constraint {ConstraintName} exclude using gist (agency_id with =, model with =, effective with &&, known with &&, recorded with &&);");
        }

        public void WriteDropStatement(Migrator rules, TextWriter writer) =>
            writer.WriteLine($"alter table {Table} drop constraint if exists {ConstraintName};");

        public void ConfigureQueryCommand(Weasel.Core.DbCommandBuilder builder) =>
            builder.Append($"select count(*) from pg_constraint where conname = '{ConstraintName}' and conrelid = to_regclass('{Table}') and pg_get_constraintdef(oid) like '%recorded WITH &&%';");

        public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct = default)
        {
            await reader.ReadAsync(ct);
            return new Delta(this, reader.GetInt64(0) == 1 ? SchemaPatchDifference.None : SchemaPatchDifference.Create);
        }
    }

    private sealed class Delta(Constraint constraint, SchemaPatchDifference difference) : ISchemaObjectDelta
    {
        public ISchemaObject SchemaObject => constraint;

        public SchemaPatchDifference Difference => difference;

        public void WriteUpdate(Migrator rules, TextWriter writer) => constraint.WriteCreateStatement(rules, writer);

        public void WriteRollback(Migrator rules, TextWriter writer) => constraint.WriteDropStatement(rules, writer);

        public void WriteRestorationOfPreviousState(Migrator rules, TextWriter writer)
        {
        }
    }
}
