using System.Data.Common;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;

namespace EventSourcedAgreements.Hosting;

/// <summary>
/// An exclusion constraint on a feature's table (<paramref name="elements"/>: <c>agency_id with =, effective with &amp;&amp;, …</c>),
/// created with the store's schema, so that writes racing each other cannot both land what the constraint excludes. The
/// table's own definition must ignore the constraint's index (<c>IgnoredIndexes</c>), or every later migration would
/// take it for an extra index to drop. One subclass per constraint: Marten keeps one schema feature per type, and a second
/// instance of the same type would be dropped without a word.
/// </summary>
public abstract class ExclusionConstraint(string feature, string table, string name, string elements, Migrator migrator) : FeatureSchemaBase(feature, migrator)
{
    protected override IEnumerable<ISchemaObject> schemaObjects() => [new Constraint(table, name, elements)];

    private sealed class Constraint(string table, string name, string elements) : ISchemaObject
    {
        public DbObjectName Identifier => new PostgresqlObjectName(table.Split('.')[0], name, SchemaUtils.IdentifierUsage.General);

        public IEnumerable<DbObjectName> AllNames() => [Identifier];

        public void WriteCreateStatement(Migrator migrator, TextWriter writer)
        {
            writer.WriteLine("create extension if not exists btree_gist;");
            writer.WriteLine($"alter table {table} drop constraint if exists {name};");
            writer.WriteLine($"alter table {table} add constraint {name} exclude using gist ({elements});");
        }

        public void WriteDropStatement(Migrator rules, TextWriter writer) =>
            writer.WriteLine($"alter table {table} drop constraint if exists {name};");

        /// <summary>Present, and excluding on its last element as configured (PostgreSQL prints <c>WITH</c> in capitals).</summary>
        public void ConfigureQueryCommand(Weasel.Core.DbCommandBuilder builder) =>
            builder.Append($"select count(*) from pg_constraint where conname = '{name}' and conrelid = to_regclass('{table}') and pg_get_constraintdef(oid) like '%{elements.Split(',')[^1].Trim().Replace(" with ", " WITH ", StringComparison.Ordinal)}%';");

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
