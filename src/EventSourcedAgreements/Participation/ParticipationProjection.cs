using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Agreements;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace EventSourcedAgreements.Participation;

/// <summary>
/// Keeps <c>participation_periods</c>: for every agreement, one row per stretch of effective time in force under one MOA,
/// per stretch of knowledge time. Inline, so an answer reflects a command as soon as it is acknowledged; each touched
/// agreement's rows are rebuilt from all its events, so a rebuild from the events gives the same rows.
/// </summary>
public sealed class ParticipationProjection(string schema) : IProjection
{
    private string Periods => $"{schema}.{Configuration.PeriodsTable}";

    private string Changes => $"{schema}.{Configuration.ChangesTable}";

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        foreach (var agreement in events.Where(e => e.Data.GetType().Namespace == typeof(Agreement).Namespace).GroupBy(e => e.StreamId))
        {
            var stored = await operations.Events.FetchStreamAsync(agreement.Key, token: cancellation);
            var all = stored.Concat(agreement).DistinctBy(e => e.Version).ToList();
            var (periods, changes) = EffectiveHistory.Rows(all);
            Write(operations, agreement.Key, periods, changes);
        }
    }

    /// <summary>Rewrites every agreement's rows from all its events: after a change to how rows are made, or to check them.</summary>
    public async Task<int> RebuildAsync(IDocumentStore store, CancellationToken cancellation)
    {
        await using var reading = store.QuerySession();
        var streams = await reading.AdvancedSql.QueryAsync<Guid>($"select id from {store.Options.Events.DatabaseSchemaName}.mt_streams order by id", cancellation);
        await using var session = store.LightweightSession();
        session.QueueSqlCommand($"truncate {Periods}, {Changes}");
        foreach (var id in streams)
        {
            var (periods, changes) = EffectiveHistory.Rows(await reading.Events.FetchStreamAsync(id, token: cancellation));
            Write(session, id, periods, changes);
        }

        await session.SaveChangesAsync(cancellation);
        return streams.Count;
    }

    private void Write(IDocumentOperations operations, Guid agreementId, IReadOnlyList<PeriodRow> periods, IReadOnlyList<ChangeRow> changes)
    {
        operations.QueueSqlCommand($"delete from {Periods} where agreement_id = ?", agreementId);
        operations.QueueSqlCommand($"delete from {Changes} where agreement_id = ?", agreementId);
        foreach (var row in changes)
        {
            operations.QueueSqlCommand(
                $"""
                insert into {Changes}
                    (agreement_id, agency_id, state, state_name, agency_name, model, kind, on_date, not_before, signed_on, known)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?::date, ?::date, tstzrange(?::timestamptz, ?::timestamptz, '[)'))
                """,
                row.AgreementId,
                row.AgencyId,
                row.State,
                UsState.FromCode(row.State).Name.ToUpperInvariant(),
                row.AgencyName,
                row.Model.ToString(),
                row.Kind.ToString(),
                row.On,
                (object?)row.NotBefore ?? DBNull.Value,
                (object?)row.SignedOn ?? DBNull.Value,
                row.KnownFrom,
                (object?)row.KnownTo ?? DBNull.Value);
        }

        foreach (var row in periods)
        {
            operations.QueueSqlCommand(
                $"""
                insert into {Periods}
                    (agreement_id, agency_id, state, state_name, agency_name, model, signed_on, moa_url, moa_posted, certainty, effective, known)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, daterange(?::date, ?::date, '[)'), tstzrange(?::timestamptz, ?::timestamptz, '[)'))
                """,
                row.AgreementId,
                row.AgencyId,
                row.State,
                UsState.FromCode(row.State).Name.ToUpperInvariant(),
                row.AgencyName,
                row.Model.ToString(),
                row.SignedOn,
                (object?)row.MoaUrl ?? DBNull.Value,
                row.MoaPosted,
                row.Certainty.ToString(),
                row.EffectiveFrom,
                (object?)row.EffectiveTo ?? DBNull.Value,
                row.KnownFrom,
                (object?)row.KnownTo ?? DBNull.Value);
        }
    }
}
