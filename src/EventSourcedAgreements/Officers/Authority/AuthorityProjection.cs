using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Participation;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Npgsql;
using NpgsqlTypes;

namespace EventSourcedAgreements.Officers.Authority;

/// <summary>
/// Keeps <c>officer_authority_periods</c>: for every officer, one row per stretch of days with authority, per stretch of
/// knowledge time, on the recorded axis as participation is (<see cref="RecordedAxis"/>). Inline, so a count reflects a
/// command as soon as it is acknowledged; each touched officer's rows are rebuilt from all its events, so a rebuild from
/// the events gives the same rows.
/// </summary>
public sealed class AuthorityProjection(string schema) : IProjection
{
    private static readonly string[] Columns =
        ["officer_id", "agreement_id", "agency_id", "person_key", "state", "state_name", "model", "effective", "known"];

    private string Table => $"{schema}.{OfficersFeature.AuthorityTable}";

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var touched = events.Where(e => e.Data is IOfficerEvent).GroupBy(e => e.StreamId).ToList();
        if (touched.Count == 0)
        {
            return;
        }

        var (streams, anyExisting) = await RecordedAxis.StreamsAsync(operations, touched, cancellation);
        var rows = streams.SelectMany(officer => AuthorityPeriods.Rows(officer.Events)).ToList();

        // Marten stamps one stream's events of a transaction with one timestamp: the officer's rows are recorded from it.
        var recordedAt = touched.ToDictionary(t => t.Key, t => t.Max(e => e.Timestamp));
        var newRows = """
            select officer_id, agreement_id, agency_id, person_key, state, state_name, model,
                   daterange(effective_from, effective_to, '[)') as effective, tstzrange(known_from, known_to, '[)') as known, recorded_at
            from unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::date[], ?::date[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[])
                as r(officer_id, agreement_id, agency_id, person_key, state, state_name, model, effective_from, effective_to, known_from, known_to, recorded_at)
            """;
        object[] values =
        [
            rows.Select(r => r.OfficerId).ToArray(),
            rows.Select(r => r.AgreementId).ToArray(),
            rows.Select(r => r.AgencyId).ToArray(),
            rows.Select(r => r.PersonKey).ToArray(),
            rows.Select(r => r.State).ToArray(),
            rows.Select(r => StateName(r.State)).ToArray(),
            rows.Select(r => r.Model.ToString()).ToArray(),
            rows.Select(r => r.EffectiveFrom).ToArray(),
            rows.Select(r => r.EffectiveTo).ToArray(),
            rows.Select(r => r.KnownFrom).ToArray(),
            rows.Select(r => r.KnownTo).ToArray(),
            rows.Select(r => recordedAt[r.OfficerId]).ToArray(),
        ];
        const string same = "n.officer_id = p.officer_id and n.agreement_id = p.agreement_id and n.effective = p.effective and n.known = p.known";
        RecordedAxis.Rewrite(operations, Table, "officer_id", Columns, newRows, values, same, [recordedAt.Keys.ToArray(), recordedAt.Values.ToArray()], anyExisting);
    }

    /// <summary>Writes rows with COPY (<see cref="Columns"/> order): for rebuilding the table from the events.</summary>
    public static async Task CopyAsync(NpgsqlConnection connection, string schema, IEnumerable<Recorded<AuthorityRow>> rows, CancellationToken cancellation)
    {
        await using var importer = await connection.BeginBinaryImportAsync(
            $"copy {schema}.{OfficersFeature.AuthorityTable} ({string.Join(", ", Columns)}, recorded) from stdin (format binary)", cancellation);
        foreach (var (row, recordedFrom, recordedTo) in rows)
        {
            await importer.StartRowAsync(cancellation);
            await importer.WriteAsync(row.OfficerId, NpgsqlDbType.Uuid, cancellation);
            await importer.WriteAsync(row.AgreementId, NpgsqlDbType.Uuid, cancellation);
            await importer.WriteAsync(row.AgencyId, NpgsqlDbType.Text, cancellation);
            await importer.WriteAsync(row.PersonKey, NpgsqlDbType.Text, cancellation);
            await importer.WriteAsync(row.State, NpgsqlDbType.Text, cancellation);
            await importer.WriteAsync(StateName(row.State), NpgsqlDbType.Text, cancellation);
            await importer.WriteAsync(row.Model.ToString(), NpgsqlDbType.Text, cancellation);
            await importer.WriteAsync(new NpgsqlRange<DateOnly>(row.EffectiveFrom, true, false, row.EffectiveTo ?? default, false, row.EffectiveTo is null), NpgsqlDbType.DateRange, cancellation);
            await importer.WriteAsync(new NpgsqlRange<DateTimeOffset>(row.KnownFrom, true, false, row.KnownTo ?? default, false, row.KnownTo is null), NpgsqlDbType.TimestampTzRange, cancellation);
            await importer.WriteAsync(new NpgsqlRange<DateTimeOffset>(recordedFrom, true, false, recordedTo ?? default, false, recordedTo is null), NpgsqlDbType.TimestampTzRange, cancellation);
        }

        await importer.CompleteAsync(cancellation);
    }

    private static string StateName(string code) => UsState.FromCode(code).Name.ToUpperInvariant();
}
