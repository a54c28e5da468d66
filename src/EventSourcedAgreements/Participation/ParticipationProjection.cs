using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Agreements;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Npgsql;
using NpgsqlTypes;

namespace EventSourcedAgreements.Participation;

/// <summary>
/// Keeps <c>participation_periods</c>: for every agreement, one row per stretch of effective time in force under one MOA,
/// per stretch of knowledge time. Inline, so an answer reflects a command as soon as it is acknowledged; each touched
/// agreement's rows are rebuilt from all its events, so a rebuild from the events gives the same rows.
/// </summary>
public sealed class ParticipationProjection(string schema) : IProjection
{
    private static readonly string[] PeriodColumns =
        ["agreement_id", "agency_id", "state", "state_name", "agency_name", "model", "signed_on", "moa_url", "moa_posted", "signing_dispute", "certainty", "effective", "known"];

    private static readonly string[] ChangeColumns =
        ["agreement_id", "agency_id", "state", "state_name", "agency_name", "model", "kind", "on_date", "not_before", "signed_on", "known"];

    private string Periods => $"{schema}.{ParticipationFeature.PeriodsTable}";

    private string Changes => $"{schema}.{ParticipationFeature.ChangesTable}";

    /// <summary>
    /// Rewrites the rows of every agreement the events touch, from all their events (<see cref="RecordedAxis.StreamsAsync"/>),
    /// with one statement per table.
    /// </summary>
    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var touched = events.Where(e => e.Data is IAgreementEvent).GroupBy(e => e.StreamId).ToList();
        if (touched.Count == 0)
        {
            return;
        }

        var (streams, anyExisting) = await RecordedAxis.StreamsAsync(operations, touched, cancellation);
        var periods = new List<PeriodRow>();
        var changes = new List<ChangeRow>();
        foreach (var (_, agreement) in streams)
        {
            var (agreementPeriods, agreementChanges) = EffectiveHistory.Rows(agreement);
            periods.AddRange(agreementPeriods);
            changes.AddRange(agreementChanges);
        }

        if ((Overlap(periods) ?? await StoredOverlapAsync((IQuerySession)operations, periods, [.. touched.Select(t => t.Key)], cancellation)) is { } overlap)
        {
            throw overlap;
        }

        // Marten stamps one stream's events of a transaction with one timestamp: the agreement's rows are recorded from it.
        var recordedAt = touched.ToDictionary(t => t.Key, t => t.Max(e => e.Timestamp));
        object[] recorded = [recordedAt.Keys.ToArray(), recordedAt.Values.ToArray()];
        var newPeriods = $"""
            select agreement_id, agency_id, state, state_name, agency_name, model, signed_on, moa_url, moa_posted, signing_dispute, certainty,
                   daterange(effective_from, effective_to, '[)') as effective, tstzrange(known_from, known_to, '[)') as known, recorded_at
            from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::date[], ?::text[], ?::boolean[], ?::text[], ?::text[], ?::date[], ?::date[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[])
                as r(agreement_id, agency_id, state, state_name, agency_name, model, signed_on, moa_url, moa_posted, signing_dispute, certainty, effective_from, effective_to, known_from, known_to, recorded_at)
            """;
        object[] periodValues =
        [
            periods.Select(r => r.AgreementId).ToArray(),
            periods.Select(r => r.AgencyId).ToArray(),
            periods.Select(r => r.State).ToArray(),
            periods.Select(r => StateName(r.State)).ToArray(),
            periods.Select(r => r.AgencyName).ToArray(),
            periods.Select(r => r.Model.ToString()).ToArray(),
            periods.Select(r => r.SignedOn).ToArray(),
            periods.Select(r => r.MoaUrl).ToArray(),
            periods.Select(r => r.MoaPosted).ToArray(),
            periods.Select(r => r.SigningDispute).ToArray(),
            periods.Select(r => r.Certainty.ToString()).ToArray(),
            periods.Select(r => r.EffectiveFrom).ToArray(),
            periods.Select(r => r.EffectiveTo).ToArray(),
            periods.Select(r => r.KnownFrom).ToArray(),
            periods.Select(r => r.KnownTo).ToArray(),
            periods.Select(r => recordedAt[r.AgreementId]).ToArray(),
        ];
        const string samePeriod =
            "n.agreement_id = p.agreement_id and n.agency_id = p.agency_id and n.state = p.state and n.agency_name = p.agency_name and n.model = p.model "
            + "and n.signed_on = p.signed_on and n.moa_url is not distinct from p.moa_url and n.moa_posted = p.moa_posted and n.signing_dispute is not distinct from p.signing_dispute and n.certainty = p.certainty "
            + "and n.effective = p.effective and n.known = p.known";
        RecordedAxis.Rewrite(operations, Periods, "agreement_id", PeriodColumns, newPeriods, periodValues, samePeriod, recorded, anyExisting);

        var newChanges = $"""
            select agreement_id, agency_id, state, state_name, agency_name, model, kind, on_date, not_before, signed_on,
                   tstzrange(known_from, known_to, '[)') as known, recorded_at
            from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::date[], ?::date[], ?::date[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[])
                as r(agreement_id, agency_id, state, state_name, agency_name, model, kind, on_date, not_before, signed_on, known_from, known_to, recorded_at)
            """;
        object[] changeValues =
        [
            changes.Select(r => r.AgreementId).ToArray(),
            changes.Select(r => r.AgencyId).ToArray(),
            changes.Select(r => r.State).ToArray(),
            changes.Select(r => StateName(r.State)).ToArray(),
            changes.Select(r => r.AgencyName).ToArray(),
            changes.Select(r => r.Model.ToString()).ToArray(),
            changes.Select(r => r.Kind.ToString()).ToArray(),
            changes.Select(r => r.On).ToArray(),
            changes.Select(r => r.NotBefore).ToArray(),
            changes.Select(r => r.SignedOn).ToArray(),
            changes.Select(r => r.KnownFrom).ToArray(),
            changes.Select(r => r.KnownTo).ToArray(),
            changes.Select(r => recordedAt[r.AgreementId]).ToArray(),
        ];
        const string sameChange =
            "n.agreement_id = p.agreement_id and n.agency_id = p.agency_id and n.state = p.state and n.agency_name = p.agency_name and n.model = p.model "
            + "and n.kind = p.kind and n.on_date = p.on_date and n.not_before is not distinct from p.not_before and n.signed_on is not distinct from p.signed_on "
            + "and n.known = p.known";
        RecordedAxis.Rewrite(operations, Changes, "agreement_id", ChangeColumns, newChanges, changeValues, sameChange, recorded, anyExisting);
    }

    /// <summary>Two of the agreements written together in force on the same day, as known at the same time.</summary>
    private static InForceTwiceException? Overlap(List<PeriodRow> periods) =>
        periods
            .GroupBy(row => (row.AgencyId, row.Model))
            .Where(pair => pair.Select(row => row.AgreementId).Distinct().Skip(1).Any())
            .SelectMany(pair => pair.SelectMany(row => pair.Where(other => other.AgreementId.CompareTo(row.AgreementId) > 0).Select(other => (Row: row, Other: other))))
            .Where(two => Overlaps(two.Row.EffectiveFrom, two.Row.EffectiveTo, two.Other.EffectiveFrom, two.Other.EffectiveTo)
                && (two.Row.KnownTo is not { } rowKnownTo || two.Other.KnownFrom < rowKnownTo)
                && (two.Other.KnownTo is not { } otherKnownTo || two.Row.KnownFrom < otherKnownTo))
            .Select(two => InForceTwice(two.Row, two.Other.AgreementId, Later(two.Row.EffectiveFrom, two.Other.EffectiveFrom), Earlier(two.Row.EffectiveTo, two.Other.EffectiveTo)))
            .FirstOrDefault();

    /// <summary>An agreement not written now, in force on a day one written now is, as known at the same time: one query for all the rows.</summary>
    private async Task<InForceTwiceException?> StoredOverlapAsync(IQuerySession session, List<PeriodRow> periods, Guid[] touched, CancellationToken cancellation)
    {
        if (periods.Count == 0)
        {
            return null;
        }

        var found = await session.AdvancedSql.QueryAsync<StoredOverlap>(
            $"""
            select jsonb_build_object('Row', r.n, 'Other', p.agreement_id, 'From', lower(p.effective * r.effective), 'To', upper(p.effective * r.effective))
            from (select n, agency_id, model, daterange(effective_from, effective_to, '[)') as effective, tstzrange(known_from, known_to, '[)') as known
                  from unnest(?::text[], ?::text[], ?::date[], ?::date[], ?::timestamptz[], ?::timestamptz[]) with ordinality
                      as u(agency_id, model, effective_from, effective_to, known_from, known_to, n)) r
            join {Periods} p on p.agency_id = r.agency_id and p.model = r.model and p.effective && r.effective and p.known && r.known and upper_inf(p.recorded)
            where p.agreement_id <> all(?::uuid[])
            limit 1
            """,
            cancellation,
            periods.Select(r => r.AgencyId).ToArray(),
            periods.Select(r => r.Model.ToString()).ToArray(),
            periods.Select(r => r.EffectiveFrom).ToArray(),
            periods.Select(r => r.EffectiveTo).ToArray(),
            periods.Select(r => r.KnownFrom).ToArray(),
            periods.Select(r => r.KnownTo).ToArray(),
            touched);
        return found.Count > 0 && found[0] is { } overlap ? InForceTwice(periods[(int)overlap.Row - 1], overlap.Other, overlap.From, overlap.To) : null;
    }

    private sealed record StoredOverlap(long Row, Guid Other, DateOnly From, DateOnly? To);

    private static InForceTwiceException InForceTwice(PeriodRow row, Guid other, DateOnly from, DateOnly? to) =>
        new(row.AgreementId, other, row.AgencyId, row.Model, from, to);

    private static bool Overlaps(DateOnly from, DateOnly? to, DateOnly otherFrom, DateOnly? otherTo) =>
        (to is not { } end || otherFrom < end) && (otherTo is not { } otherEnd || from < otherEnd);

    private static DateOnly Later(DateOnly first, DateOnly second) => first > second ? first : second;

    private static DateOnly? Earlier(DateOnly? first, DateOnly? second) => (first, second) switch
    {
        (null, _) => second,
        (_, null) => first,
        _ => first < second ? first : second,
    };

    /// <summary>Writes rows with COPY (<see cref="PeriodColumns"/> order): for rebuilding the table from the events.</summary>
    public static async Task CopyPeriodsAsync(NpgsqlConnection connection, string schema, IEnumerable<Recorded<PeriodRow>> rows, CancellationToken cancellation)
    {
        await using var periods = await connection.BeginBinaryImportAsync(
            $"copy {schema}.{ParticipationFeature.PeriodsTable} ({string.Join(", ", PeriodColumns)}, recorded) from stdin (format binary)", cancellation);
        foreach (var (row, recordedFrom, recordedTo) in rows)
        {
            await periods.StartRowAsync(cancellation);
            await WriteAgreementColumnsAsync(periods, row.AgreementId, row.AgencyId, row.State, row.AgencyName, row.Model, cancellation);
            await periods.WriteAsync(row.SignedOn, NpgsqlDbType.Date, cancellation);
            await periods.WriteAsync((object?)row.MoaUrl ?? DBNull.Value, NpgsqlDbType.Text, cancellation);
            await periods.WriteAsync(row.MoaPosted, NpgsqlDbType.Boolean, cancellation);
            await periods.WriteAsync((object?)row.SigningDispute ?? DBNull.Value, NpgsqlDbType.Text, cancellation);
            await periods.WriteAsync(row.Certainty.ToString(), NpgsqlDbType.Text, cancellation);
            await periods.WriteAsync(Range(row.EffectiveFrom, row.EffectiveTo), NpgsqlDbType.DateRange, cancellation);
            await periods.WriteAsync(Range(row.KnownFrom, row.KnownTo), NpgsqlDbType.TimestampTzRange, cancellation);
            await periods.WriteAsync(Range(recordedFrom, recordedTo), NpgsqlDbType.TimestampTzRange, cancellation);
        }

        await periods.CompleteAsync(cancellation);
    }

    /// <summary>Writes rows with COPY (<see cref="ChangeColumns"/> order): for rebuilding the table from the events.</summary>
    public static async Task CopyChangesAsync(NpgsqlConnection connection, string schema, IEnumerable<Recorded<ChangeRow>> rows, CancellationToken cancellation)
    {
        await using var changes = await connection.BeginBinaryImportAsync(
            $"copy {schema}.{ParticipationFeature.ChangesTable} ({string.Join(", ", ChangeColumns)}, recorded) from stdin (format binary)", cancellation);
        foreach (var (row, recordedFrom, recordedTo) in rows)
        {
            await changes.StartRowAsync(cancellation);
            await WriteAgreementColumnsAsync(changes, row.AgreementId, row.AgencyId, row.State, row.AgencyName, row.Model, cancellation);
            await changes.WriteAsync(row.Kind.ToString(), NpgsqlDbType.Text, cancellation);
            await changes.WriteAsync(row.On, NpgsqlDbType.Date, cancellation);
            await changes.WriteAsync((object?)row.NotBefore ?? DBNull.Value, NpgsqlDbType.Date, cancellation);
            await changes.WriteAsync((object?)row.SignedOn ?? DBNull.Value, NpgsqlDbType.Date, cancellation);
            await changes.WriteAsync(Range(row.KnownFrom, row.KnownTo), NpgsqlDbType.TimestampTzRange, cancellation);
            await changes.WriteAsync(Range(recordedFrom, recordedTo), NpgsqlDbType.TimestampTzRange, cancellation);
        }

        await changes.CompleteAsync(cancellation);
    }

    private static async Task WriteAgreementColumnsAsync(NpgsqlBinaryImporter importer, Guid agreementId, string agencyId, string state, string agencyName, SupportModel model, CancellationToken cancellation)
    {
        await importer.WriteAsync(agreementId, NpgsqlDbType.Uuid, cancellation);
        await importer.WriteAsync(agencyId, NpgsqlDbType.Text, cancellation);
        await importer.WriteAsync(state, NpgsqlDbType.Text, cancellation);
        await importer.WriteAsync(StateName(state), NpgsqlDbType.Text, cancellation);
        await importer.WriteAsync(agencyName, NpgsqlDbType.Text, cancellation);
        await importer.WriteAsync(model.ToString(), NpgsqlDbType.Text, cancellation);
    }

    private static string StateName(string code) => UsState.FromCode(code).Name.ToUpperInvariant();

    private static NpgsqlRange<DateOnly> Range(DateOnly from, DateOnly? to) =>
        new(from, true, false, to ?? default, false, to is null);

    private static NpgsqlRange<DateTimeOffset> Range(DateTimeOffset from, DateTimeOffset? to) =>
        new(from, true, false, to ?? default, false, to is null);
}
