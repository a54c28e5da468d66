using Marten;
using Npgsql;

namespace EventSourcedAgreements.Auditing;

/// <summary>
/// Tamper evidence kept by PostgreSQL itself, so that no writer can skip it: when an event row is inserted, a trigger
/// chains its hash to its predecessor's in the same stream (<c>event_hashes</c>). Anchors (<c>store_anchors</c>) seal
/// every event hash not yet sealed, in sequence order, into one hash chained to the anchor before it: a chain across the
/// whole store, whose latest hash an auditor keeps outside the database. Triggers refuse UPDATE, DELETE and TRUNCATE on
/// all three tables — except sealing an event's hash into an anchor — unless the session sets
/// <c>agreements.allow_purge = on</c> (test databases set it for their resets). <see cref="Verifying.Verification"/>
/// recomputes both chains.
/// </summary>
public sealed class TamperEvidence(IDocumentStore store, NpgsqlDataSource database) : IHostedService
{
    public const string HashesTable = "event_hashes";
    public const string AnchorsTable = "store_anchors";
    public const string PurgeSetting = "agreements.allow_purge";

    public string Schema => store.Options.Events.DatabaseSchemaName;

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

    /// <summary>
    /// When the host starts: Marten's start-up, registered before this service, has just applied the store's schema, so
    /// it is not compared with the database a second time (it was: a start-up spent about 0.7 s of its 2.9 s comparing it twice; docs/performance.md).
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken) => InstallAsync(cancellationToken);

    /// <summary>For commands that use the store without starting the host: applies the store's schema, then installs.</summary>
    public async Task InstallWithStoreSchemaAsync(CancellationToken cancellationToken)
    {
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await InstallAsync(cancellationToken);
    }

    private async Task InstallAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var installing = new NpgsqlCommand(
            $"select pg_advisory_xact_lock(hashtext('{Schema}.{HashesTable}')), to_regclass('{Schema}.{HashesTable}') is null",
            connection,
            transaction);
        await using (var reader = await installing.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            Installed = reader.GetBoolean(1);
        }

        await using var command = new NpgsqlCommand(
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
            {(Installed ? HashEventsRecordedBefore : "")}
            """,
            connection,
            transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Whether the last start installed the hash chain on this store (hashing the events it already held).</summary>
    public bool Installed { get; private set; }

    /// <summary>Only when the chain is installed: afterwards a missing hash is evidence, and must never be filled in.</summary>
    private string HashEventsRecordedBefore =>
        $"""
        do $$
        declare e record; previous_hash text;
        begin
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

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
