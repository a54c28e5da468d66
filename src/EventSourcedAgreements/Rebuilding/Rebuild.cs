using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Agencies.Directory;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Officers;
using EventSourcedAgreements.Officers.Authority;
using EventSourcedAgreements.Participation;
using JasperFx.Events;
using Marten;
using Npgsql;
using MartenSessionOptions = Marten.Services.SessionOptions;

namespace EventSourcedAgreements.Rebuilding;

public sealed record RebuildResult(int Agreements, long Events)
{
    public int Officers { get; init; }
}

/// <summary>
/// Rewrites every projection from the events, in one transaction: the agreement and officer snapshots Marten keeps
/// inline (<c>mt_doc_agreement</c>, <c>mt_doc_officer</c>), the participation tables and the officers' authority periods.
/// The events are read once, in stream order; every thousand agreements (and the officers read meanwhile), their snapshots are stored through a Marten session on the rebuild's transaction (at the agreement's
/// version, as the projection stores them) and their rows written with COPY. Commands that arrive meanwhile wait
/// to append (the events table is locked in share mode) until it ends, then run as usual. The agency directory
/// (asynchronous) is rewritten from the new snapshots in the same transaction, its progress set to the last event read.
/// </summary>
public static class Rebuild
{
    private const int AgreementsPerCopy = 1_000;

    public static async Task<RebuildResult> AllAsync(IDocumentStore store, CancellationToken cancellation, IProgress<RebuildResult>? progress = null)
    {
        var schema = store.Options.DatabaseSchemaName;
        var snapshots = store.Options.FindOrResolveDocumentType(typeof(Agreement)).TableName.QualifiedName;
        var officerSnapshots = store.Options.FindOrResolveDocumentType(typeof(Officer)).TableName.QualifiedName;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        string[] tables =
        [
            snapshots, $"{schema}.{Participation.ParticipationFeature.PeriodsTable}", $"{schema}.{Participation.ParticipationFeature.ChangesTable}",
            officerSnapshots, $"{schema}.{OfficersFeature.AuthorityTable}",
        ];

        // No event is appended until this transaction ends, and every append begun before has committed once the lock
        // is granted: the events read below are all there are, and the directory's progress can be set to the last.
        await using (var truncate = new NpgsqlCommand($"lock table {schema}.mt_events in share mode; truncate {string.Join(", ", tables)}", connection, transaction))
        {
            await truncate.ExecuteNonQueryAsync(cancellation);
        }

        // Filling a table and then building its indexes once is several times faster than keeping them up to date row
        // by row (the GiST indexes on the time ranges most of all); the definitions are read back from PostgreSQL, so
        // the same indexes come back, in the same transaction.
        var indexes = await SecondaryIndexesAsync(connection, tables, cancellation);
        await ExecuteAsync(connection, string.Concat(indexes.Select(index => $"drop index {index.Name};")), cancellation);

        var batch = new Batch();
        var agreements = 0;
        var events = 0L;
        var lastSequence = 0L;
        var stream = new List<IEvent>();
        // Read on a connection of its own (this one writes with COPY meanwhile), from the primary like the writes.
        await using var readConnection = store.Storage.Database.CreateConnection();
        await readConnection.OpenAsync(cancellation);
        await using var readTransaction = await readConnection.BeginTransactionAsync(cancellation);
        await using (var reading = store.QuerySession(MartenSessionOptions.ForTransaction(readTransaction)))
        {
            await foreach (var e in reading.Events.QueryAllRawEvents().OrderBy(e => e.StreamId).ThenBy(e => e.Version).ToAsyncEnumerable(cancellation))
            {
                lastSequence = Math.Max(lastSequence, e.Sequence);
                if (e.Data is not (IAgreementEvent or IOfficerEvent))
                {
                    continue;
                }

                if (stream.Count > 0 && stream[0].StreamId != e.StreamId)
                {
                    agreements += batch.Add(stream);
                    stream = [];
                    if (batch.Agreements.Count >= AgreementsPerCopy)
                    {
                        await batch.WriteAsync(store, transaction, schema, cancellation);
                        progress?.Report(new RebuildResult(agreements, events) { Officers = batch.OfficersRead });
                    }
                }

                stream.Add(e);
                events++;
            }
        }

        agreements += batch.Add(stream);
        await batch.WriteAsync(store, transaction, schema, cancellation);
        await ExecuteAsync(connection, string.Concat(indexes.Select(index => $"{index.Definition};")), cancellation);
        await ExecuteAsync(connection, $"analyze {string.Join(", ", tables)}", cancellation);
        await RebuildDirectoryAsync(store, transaction, batch.Directory, lastSequence, cancellation);
        await transaction.CommitAsync(cancellation);
        var result = new RebuildResult(agreements, events) { Officers = batch.OfficersRead };
        progress?.Report(result);
        return result;
    }

    /// <summary>
    /// The agency directory (asynchronous) from the rebuilt snapshots, and its progress set to the last event read, in the
    /// rebuild's transaction: a daemon that resumes continues after that event, so none is applied twice. A node running
    /// the directory meanwhile finds its progress moved when it next saves, stops (Marten's out-of-order check) and
    /// starts again from there.
    /// </summary>
    private static async Task RebuildDirectoryAsync(IDocumentStore store, NpgsqlTransaction transaction, Dictionary<string, List<Agreement>> directory, long lastSequence, CancellationToken cancellation)
    {
        var shard = ((StoreOptions)store.Options).Projections.AllShards().Single(s => s.Name.Name == AgencyDirectoryProjection.ProjectionName).Name.Identity;
        await using var session = store.LightweightSession(MartenSessionOptions.ForTransaction(transaction));
        session.DeleteWhere<AgencyDetails>(_ => true);
        foreach (var (agencyId, agreements) in directory)
        {
            session.Store(AgencyDetails.From(agencyId, agreements));
        }

        session.QueueSqlCommand(
            $"""
            insert into {store.Options.Events.DatabaseSchemaName}.mt_event_progression (name, last_seq_id, last_updated) values (?, ?, transaction_timestamp())
            on conflict (name) do update set last_seq_id = excluded.last_seq_id, last_updated = excluded.last_updated
            """,
            shard,
            lastSequence);
        await session.SaveChangesAsync(cancellation);
    }

    /// <summary>The indexes of the tables other than those behind a constraint (primary keys stay).</summary>
    private static async Task<List<(string Name, string Definition)>> SecondaryIndexesAsync(NpgsqlConnection connection, string[] tables, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(
            """
            select format('%I.%I', n.nspname, c.relname), pg_get_indexdef(i.indexrelid)
            from pg_index i
            join pg_class c on c.oid = i.indexrelid
            join pg_namespace n on n.oid = c.relnamespace
            where i.indrelid = any(@tables::regclass[])
              and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
            """,
            connection);
        command.Parameters.AddWithValue("tables", tables);
        var indexes = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        while (await reader.ReadAsync(cancellation))
        {
            indexes.Add((reader.GetString(0), reader.GetString(1)));
        }

        return indexes;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellation)
    {
        if (sql.Length == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellation);
    }

    private sealed class Batch
    {
        public List<Agreement> Agreements { get; } = [];

        public List<Recorded<PeriodRow>> Periods { get; } = [];

        public List<Recorded<ChangeRow>> Changes { get; } = [];

        /// <summary>Every agreement's snapshot by agency, over all batches: the agency directory.</summary>
        public Dictionary<string, List<Agreement>> Directory { get; } = new(StringComparer.Ordinal);

        public List<Officer> Officers { get; } = [];

        public List<Recorded<AuthorityRow>> Authority { get; } = [];

        public int OfficersRead { get; private set; }

        /// <summary>
        /// Folds one stream's events into its snapshot and rows: an agreement's (in the order the record learned them)
        /// into its snapshot and participation rows, an officer's into its snapshot and authority periods; 1 for an agreement.
        /// </summary>
        public int Add(List<IEvent> stream)
        {
            if (stream.Count > 0 && stream[0].Data is IOfficerEvent)
            {
                if (Officer.Fold(stream) is { } officer)
                {
                    Officers.Add(officer);
                    Authority.AddRange(AuthorityPeriods.RecordedRows(stream));
                    OfficersRead++;
                }

                return 0;
            }

            if (Agreement.Fold(stream) is not { } snapshot)
            {
                return 0;
            }

            Agreements.Add(snapshot);
            if (!Directory.TryGetValue(snapshot.AgencyId, out var agency))
            {
                Directory[snapshot.AgencyId] = agency = [];
            }

            agency.Add(snapshot);
            var (periods, changes) = EffectiveHistory.RecordedRows(stream);
            Periods.AddRange(periods);
            Changes.AddRange(changes);
            return 1;
        }

        public async Task WriteAsync(IDocumentStore store, NpgsqlTransaction transaction, string schema, CancellationToken cancellation)
        {
            await using (var session = store.LightweightSession(MartenSessionOptions.ForTransaction(transaction)))
            {
                foreach (var agreement in Agreements)
                {
                    session.UpdateRevision(agreement, agreement.Version);
                }

                foreach (var officer in Officers)
                {
                    session.UpdateRevision(officer, officer.Version);
                }

                await session.SaveChangesAsync(cancellation);
            }

            var connection = transaction.Connection!;
            await ParticipationProjection.CopyPeriodsAsync(connection, schema, Periods, cancellation);
            await ParticipationProjection.CopyChangesAsync(connection, schema, Changes, cancellation);
            await AuthorityProjection.CopyAsync(connection, schema, Authority, cancellation);
            Agreements.Clear();
            Periods.Clear();
            Changes.Clear();
            Officers.Clear();
            Authority.Clear();
        }
    }
}
