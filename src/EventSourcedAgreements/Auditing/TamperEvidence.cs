using System.Data.Common;
using System.Security.Cryptography;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;
using static EventSourcedAgreements.Auditing.TamperEvidence;

namespace EventSourcedAgreements.Auditing;

/// <summary>
/// Tamper evidence kept by PostgreSQL itself, so that no writer can skip it: when an event row is inserted, a trigger
/// chains its hash to its predecessor's in the same stream (<c>event_hashes</c>). Anchors (<c>store_anchors</c>) seal
/// every event hash not yet sealed, in sequence order, into one hash chained to the anchor before it: a chain across the
/// whole store, whose latest hash an auditor keeps outside the database. Triggers refuse UPDATE, DELETE and TRUNCATE on
/// all three tables — except sealing an event's hash into an anchor — unless the session sets
/// <c>agreements.allow_purge = on</c> (test databases set it for their resets). <see cref="Verifying.Verification"/>
/// recomputes both chains. The tables, functions and triggers are part of the store's schema
/// (<see cref="TamperEvidenceSchema"/>): <c>db-apply</c> installs them, <c>db-assert</c> checks them.
/// </summary>
public static class TamperEvidence
{
    public const string HashesTable = "event_hashes";
    public const string AnchorsTable = "store_anchors";
    public const string PurgeSetting = "agreements.allow_purge";

    /// <summary>The hash of one event row <c>e</c> given its predecessor's hash <c>previous</c>, in SQL; verification uses the same text.</summary>
    public static string HashExpression(string row, string previous) =>
        $"""
        encode(sha256(convert_to(
            coalesce({previous}, '') || '|' || {row}.stream_id::text || '|' || {row}.version::text || '|' || {row}.type || '|' ||
            {row}.data::text || '|' || coalesce({row}.headers::text, '') || '|' || coalesce({row}.user_name, '') || '|' ||
            coalesce({row}.correlation_id, '') || '|' || to_char({row}.timestamp at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
            'UTF8')), 'hex')
        """;

    /// <summary>
    /// Marten's tombstones: after a failed append in its Quick mode, Marten fills the sequence numbers the failure used
    /// with empty rows of type <c>tombstone</c> (version = sequence, in a stream of their own whose id changes with each
    /// process), so that its async daemon sees no gaps. They record no fact and get no hash; a row that had a hash is
    /// checked whatever its type says now.
    /// </summary>
    public static string IsTombstone(string row) =>
        $"({row}.type = 'tombstone' and {row}.version = {row}.seq_id and {row}.data = '{{}}'::jsonb)";

    /// <summary>The hash of anchor <c>number</c>: the previous anchor's hash, its number, and its events' hashes in sequence order joined by '|'.</summary>
    public static string AnchorHashExpression(string previous, string number, string eventHashes) =>
        $"encode(sha256(convert_to(coalesce({previous}, '') || '|' || {number}::text || '|' || {eventHashes}, 'UTF8')), 'hex')";
}

/// <summary>
/// The hash chain's tables, functions and triggers as one schema object of the store. PostgreSQL keeps no source text
/// of a trigger and rewrites function bodies, so comparing them with the configuration would be unreliable; instead
/// the installing script records the SHA-256 of its own text in a comment on <c>mt_chain_event()</c>. The database
/// matches when that comment is this version's and all ten triggers are present and enabled; otherwise the whole
/// script, idempotent, is applied again. A start on a matching database changes nothing, so it takes no lock on
/// <c>mt_events</c>.
/// </summary>
public sealed class TamperEvidenceSchema(string schema, Migrator migrator) : FeatureSchemaBase("tamper_evidence", migrator)
{
    public const string VersionFunction = "mt_chain_event";

    private static readonly (string Table, string Trigger)[] Triggers =
    [
        ("mt_events", "mt_chain_event"),
        .. new[] { "mt_events", HashesTable, AnchorsTable }
            .SelectMany(table => new[] { (table, $"{table}_append_only"), (table, $"{table}_sealed"), (table, $"{table}_no_truncate") }),
    ];

    public string Schema => schema;

    /// <summary>The marker the installing script leaves: changes whenever the script's text changes.</summary>
    public string Version => $"tamper evidence {Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Script)))}";

    protected override IEnumerable<ISchemaObject> schemaObjects() => [new Chain(this)];

    /// <summary>
    /// Creates what is missing and replaces the functions and triggers, then hashes the events recorded before the chain
    /// (<see cref="HashEventsRecordedBefore"/>), all in the one transaction the statements run in.
    /// </summary>
    public string Script =>
        $"""
        create table if not exists {Schema}.{HashesTable} (
            stream_id uuid not null,
            version bigint not null,
            seq_id bigint not null,
            hash text not null,
            previous text,
            primary key (stream_id, version));
        alter table {Schema}.{HashesTable} add column if not exists anchor bigint;
        create index if not exists ix_{HashesTable}_unsealed on {Schema}.{HashesTable} (seq_id) where anchor is null;
        create index if not exists ix_{HashesTable}_anchor on {Schema}.{HashesTable} (anchor, seq_id) where anchor is not null;

        create table if not exists {Schema}.{AnchorsTable} (
            number bigint primary key,
            sealed_at timestamptz not null,
            events bigint not null,
            first_sequence bigint not null,
            last_sequence bigint not null,
            previous text,
            hash text not null);

        create or replace function {Schema}.mt_chain_event() returns trigger language plpgsql as $$
        declare previous_hash text;
        begin
            if {IsTombstone("new")} then
                return new;
            end if;
            select hash into previous_hash from {Schema}.{HashesTable} where stream_id = new.stream_id and version = new.version - 1;
            insert into {Schema}.{HashesTable} (seq_id, stream_id, version, hash, previous)
            values (new.seq_id, new.stream_id, new.version, {HashExpression("new", "previous_hash")}, previous_hash);
            return new;
        end $$;

        create or replace function {Schema}.mt_seal_anchor(sealed timestamptz) returns bigint language plpgsql as $$
        declare next_number bigint; previous_hash text;
        begin
            lock table {Schema}.{AnchorsTable} in share row exclusive mode;
            select number, hash into next_number, previous_hash from {Schema}.{AnchorsTable} order by number desc limit 1;
            next_number := coalesce(next_number, 0) + 1;
            update {Schema}.{HashesTable} set anchor = next_number where anchor is null;
            if not found then
                return null;
            end if;
            insert into {Schema}.{AnchorsTable} (number, sealed_at, events, first_sequence, last_sequence, previous, hash)
            select next_number, sealed, count(*), min(seq_id), max(seq_id), previous_hash,
                   {AnchorHashExpression("previous_hash", "next_number", "string_agg(hash, '|' order by seq_id)")}
            from {Schema}.{HashesTable} where anchor = next_number;
            return next_number;
        end $$;

        create or replace function {Schema}.mt_audit_append_only() returns trigger language plpgsql as $$
        begin
            if coalesce(current_setting('{PurgeSetting}', true), '') = 'on' then
                return case when tg_op = 'DELETE' then old else new end;
            end if;
            raise exception 'the audit record is append-only: % on % refused', tg_op, tg_table_name using errcode = 'insufficient_privilege';
        end $$;

        create or replace function {Schema}.mt_event_hash_sealing() returns trigger language plpgsql as $$
        begin
            if coalesce(current_setting('{PurgeSetting}', true), '') = 'on' or (
                old.anchor is null and new.anchor is not null
                and (new.stream_id, new.version, new.seq_id, new.hash) = (old.stream_id, old.version, old.seq_id, old.hash)
                and new.previous is not distinct from old.previous) then
                return new;
            end if;
            raise exception 'the audit record is append-only: % on % refused', tg_op, tg_table_name using errcode = 'insufficient_privilege';
        end $$;

        drop trigger if exists mt_chain_event on {Schema}.mt_events;
        create trigger mt_chain_event after insert on {Schema}.mt_events for each row execute function {Schema}.mt_chain_event();
        {Guard("mt_events", "mt_audit_append_only")}
        {Guard(HashesTable, "mt_event_hash_sealing")}
        {Guard(AnchorsTable, "mt_audit_append_only")}
        drop function if exists {Schema}.mt_events_append_only();
        {HashEventsRecordedBefore}
        """;

    /// <summary>
    /// The one-time backfill: when the chain is first installed on a store that already holds events, those events are
    /// hashed in sequence order. It runs only while both <c>event_hashes</c> and <c>store_anchors</c> are empty, that is
    /// before the chain has recorded anything: afterwards a missing hash is evidence of a removed or inserted event, and
    /// filling it in would hide it. (Emptying both tables needs the purge setting, which only test databases have; the
    /// next apply would then hash what the store holds, as on a first install.) The script creates the trigger before
    /// this runs, in the same transaction, so no event is recorded in between.
    /// </summary>
    private string HashEventsRecordedBefore =>
        $"""
        do $$
        declare e record; previous_hash text;
        begin
            if exists (select 1 from {Schema}.{HashesTable}) or exists (select 1 from {Schema}.{AnchorsTable}) then
                return;
            end if;
            for e in select * from {Schema}.mt_events where not {IsTombstone("mt_events")} order by seq_id loop
                select hash into previous_hash from {Schema}.{HashesTable} where stream_id = e.stream_id and version = e.version - 1;
                insert into {Schema}.{HashesTable} (seq_id, stream_id, version, hash, previous)
                values (e.seq_id, e.stream_id, e.version, {HashExpression("e", "previous_hash")}, previous_hash);
            end loop;
        end $$;
        """;

    private string Guard(string table, string onUpdate) =>
        $"""
        drop trigger if exists {table}_append_only on {Schema}.{table};
        create trigger {table}_append_only before delete on {Schema}.{table} for each row execute function {Schema}.mt_audit_append_only();
        drop trigger if exists {table}_sealed on {Schema}.{table};
        create trigger {table}_sealed before update on {Schema}.{table} for each row execute function {Schema}.{onUpdate}();
        drop trigger if exists {table}_no_truncate on {Schema}.{table};
        create trigger {table}_no_truncate before truncate on {Schema}.{table} for each statement execute function {Schema}.mt_audit_append_only();
        """;

    private sealed class Chain(TamperEvidenceSchema feature) : ISchemaObject
    {
        private string Schema => feature.Schema;

        public DbObjectName Identifier => new PostgresqlObjectName(Schema, VersionFunction, SchemaUtils.IdentifierUsage.Function);

        public IEnumerable<DbObjectName> AllNames() =>
        [
            Identifier,
            new PostgresqlObjectName(Schema, HashesTable, SchemaUtils.IdentifierUsage.General),
            new PostgresqlObjectName(Schema, AnchorsTable, SchemaUtils.IdentifierUsage.General),
        ];

        public void WriteCreateStatement(Migrator migrator, TextWriter writer)
        {
            writer.WriteLine(feature.Script);
            writer.WriteLine($"comment on function {Schema}.{VersionFunction}() is '{feature.Version}';");
        }

        /// <summary>Removes the triggers and functions, never the tables: they are the audit record.</summary>
        public void WriteDropStatement(Migrator rules, TextWriter writer)
        {
            foreach (var function in new[] { VersionFunction, "mt_audit_append_only", "mt_event_hash_sealing" })
            {
                writer.WriteLine($"drop function if exists {Schema}.{function}() cascade;");
            }

            writer.WriteLine($"drop function if exists {Schema}.mt_seal_anchor(timestamptz);");
        }

        public void ConfigureQueryCommand(Weasel.Core.DbCommandBuilder builder)
        {
            var expected = string.Join(", ", Triggers.Select(t => $"('{Schema}.{t.Table}', '{t.Trigger}')"));
            builder.Append(
                $"""
                select obj_description(to_regprocedure('{Schema}.{VersionFunction}()'), 'pg_proc'),
                       (select count(*) from (values {expected}) expected (table_name, trigger_name)
                        join pg_trigger t on t.tgrelid = to_regclass(expected.table_name) and t.tgname = expected.trigger_name
                        where t.tgenabled <> 'D');
                """);
        }

        public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct = default)
        {
            await reader.ReadAsync(ct);
            var version = await reader.IsDBNullAsync(0, ct) ? null : reader.GetString(0);
            var triggers = reader.GetInt64(1);
            var difference = (version, triggers) switch
            {
                (null, 0) => SchemaPatchDifference.Create,
                _ when version == feature.Version && triggers == Triggers.Length => SchemaPatchDifference.None,
                _ => SchemaPatchDifference.Update,
            };
            return new Delta(this, difference);
        }
    }

    /// <summary>An update applies the whole script again; there is no earlier version to restore.</summary>
    private sealed class Delta(Chain chain, SchemaPatchDifference difference) : ISchemaObjectDelta
    {
        public ISchemaObject SchemaObject => chain;

        public SchemaPatchDifference Difference => difference;

        public void WriteUpdate(Migrator rules, TextWriter writer) => chain.WriteCreateStatement(rules, writer);

        public void WriteRollback(Migrator rules, TextWriter writer)
        {
        }

        public void WriteRestorationOfPreviousState(Migrator rules, TextWriter writer)
        {
        }
    }
}
