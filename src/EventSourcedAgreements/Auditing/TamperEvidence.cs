using Marten;
using Npgsql;

namespace EventSourcedAgreements.Auditing;

/// <summary>
/// Tamper evidence kept by PostgreSQL itself, so that no writer can skip it: when an event row is inserted, a trigger
/// chains its hash to its predecessor's in the same stream (<c>event_hashes</c>); another trigger refuses UPDATE,
/// DELETE and TRUNCATE on <c>mt_events</c> unless the session sets <c>agreements.allow_purge = on</c> (test databases
/// set it for their resets). <see cref="Verifying.Verification"/> recomputes the chain.
/// </summary>
public sealed class TamperEvidence(IDocumentStore store, NpgsqlDataSource database) : IHostedService
{
    public const string HashesTable = "event_hashes";
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

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await using var command = database.CreateCommand(
            $"""
            create table if not exists {Schema}.{HashesTable} (
                stream_id uuid not null,
                version bigint not null,
                seq_id bigint not null,
                hash text not null,
                previous text,
                primary key (stream_id, version));

            create or replace function {Schema}.mt_chain_event() returns trigger language plpgsql as $$
            declare previous_hash text;
            begin
                select hash into previous_hash from {Schema}.{HashesTable} where stream_id = new.stream_id and version = new.version - 1;
                insert into {Schema}.{HashesTable} (seq_id, stream_id, version, hash, previous)
                values (new.seq_id, new.stream_id, new.version, {HashExpression("new", "previous_hash")}, previous_hash);
                return new;
            end $$;

            create or replace function {Schema}.mt_events_append_only() returns trigger language plpgsql as $$
            begin
                if coalesce(current_setting('{PurgeSetting}', true), '') = 'on' then
                    return case when tg_op = 'DELETE' then old else new end;
                end if;
                raise exception 'events are append-only: % on mt_events refused', tg_op using errcode = 'insufficient_privilege';
            end $$;

            drop trigger if exists mt_chain_event on {Schema}.mt_events;
            create trigger mt_chain_event after insert on {Schema}.mt_events for each row execute function {Schema}.mt_chain_event();
            drop trigger if exists mt_events_append_only on {Schema}.mt_events;
            create trigger mt_events_append_only before update or delete on {Schema}.mt_events for each row execute function {Schema}.mt_events_append_only();
            drop trigger if exists mt_events_no_truncate on {Schema}.mt_events;
            create trigger mt_events_no_truncate before truncate on {Schema}.mt_events for each statement execute function {Schema}.mt_events_append_only();
            """);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
