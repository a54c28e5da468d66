using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Participation;
using Npgsql;
using NpgsqlTypes;

namespace EventSourcedAgreements.Benchmarks;

/// <summary>
/// The baseline for point-in-time questions: the smallest table that answers "in force on D" — one row per stretch in
/// force, computed by replaying each agreement in memory, with a GiST index on the stretch — asked by hand-written SQL.
/// It knows nothing of the knowledge axis, corrections or delistings, so it can only be faster than the service.
/// </summary>
public sealed class IdealTable(NpgsqlDataSource database, string table = "bench_ideal_stretches")
{
    public async Task CreateAsync(IEnumerable<SyntheticAgreement> agreements, CancellationToken cancellationToken = default)
    {
        await using (var create = database.CreateCommand(
            $"""
            drop table if exists {table};
            create table {table} (
                agreement_id uuid not null, agency_id text not null, state text not null, state_name text not null,
                agency_name text not null, model text not null, signed_on date not null, moa_url text, in_force daterange not null);
            """))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        await using (var writer = await connection.BeginBinaryImportAsync(
            $"copy {table} (agreement_id, agency_id, state, state_name, agency_name, model, signed_on, moa_url, in_force) from stdin (format binary)", cancellationToken))
        {
            foreach (var agreement in agreements)
            {
                var history = Replay(agreement);
                foreach (var (from, to, moa, _) in history.Segments())
                {
                    await writer.StartRowAsync(cancellationToken);
                    await writer.WriteAsync(agreement.Id, NpgsqlDbType.Uuid, cancellationToken);
                    await writer.WriteAsync(history.AgencyId, NpgsqlDbType.Text, cancellationToken);
                    await writer.WriteAsync(history.State, NpgsqlDbType.Text, cancellationToken);
                    await writer.WriteAsync(UsState.FromCode(history.State).Name.ToUpperInvariant(), NpgsqlDbType.Text, cancellationToken);
                    await writer.WriteAsync(history.AgencyName, NpgsqlDbType.Text, cancellationToken);
                    await writer.WriteAsync(history.Model.ToString(), NpgsqlDbType.Text, cancellationToken);
                    await writer.WriteAsync(moa.SignedOn, NpgsqlDbType.Date, cancellationToken);
                    await writer.WriteAsync((object?)moa.MoaUrl ?? DBNull.Value, NpgsqlDbType.Text, cancellationToken);
                    await writer.WriteAsync(new NpgsqlRange<DateOnly>(from, true, false, to ?? default, false, to is null), NpgsqlDbType.DateRange, cancellationToken);
                }
            }

            await writer.CompleteAsync(cancellationToken);
        }

        await using var index = database.CreateCommand(
            $"create index on {table} using gist (in_force); create index on {table} (state, signed_on); analyze {table};");
        await index.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The agreements of <paramref name="state"/> in force on <paramref name="day"/>.</summary>
    public async Task<IReadOnlyList<Guid>> InForceAsync(string state, DateOnly day, CancellationToken cancellationToken = default) =>
        [.. (await ParticipantsAsync(state, day, cancellationToken)).Select(p => p.AgreementId)];

    /// <summary>The answer of <c>participants?asOf=&amp;state=</c>, every column of it, by the shortest SQL that gives it.</summary>
    public async Task<IReadOnlyList<IdealParticipant>> ParticipantsAsync(string state, DateOnly day, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand(
            $"""
            select agreement_id, agency_id, state, state_name, agency_name, model, signed_on, moa_url, lower(in_force), upper(in_force)
            from {table} where state = @state and in_force @> @day
            order by state_name, agency_name, model, agreement_id
            """);
        command.Parameters.AddWithValue("state", state);
        command.Parameters.AddWithValue("day", day);
        var participants = new List<IdealParticipant>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            participants.Add(new IdealParticipant(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetFieldValue<DateOnly>(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.GetFieldValue<DateOnly>(8),
                reader.IsDBNull(9) ? null : reader.GetFieldValue<DateOnly>(9)));
        }

        return participants;
    }

    /// <summary>
    /// The numbers of <c>participants/summary?asOf=</c> in one aggregate query: per state and model, per model (with
    /// its agencies and states) and in total.
    /// </summary>
    public async Task<IReadOnlyList<IdealTally>> SummaryAsync(DateOnly day, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand(
            $"""
            select state, model, count(*), count(distinct agency_id), count(distinct state)
            from {table} where in_force @> @day
            group by grouping sets ((state, model), (model), ())
            """);
        command.Parameters.AddWithValue("day", day);
        var tallies = new List<IdealTally>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tallies.Add(new IdealTally(
                reader.IsDBNull(0) ? null : reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                (int)reader.GetInt64(2),
                (int)reader.GetInt64(3),
                (int)reader.GetInt64(4)));
        }

        return tallies;
    }

    /// <summary>The answer by replaying every event of every agreement, the way a store without projections would.</summary>
    public static IReadOnlyList<Guid> InForceByReplay(IEnumerable<SyntheticAgreement> agreements, string state, DateOnly day) =>
        [.. agreements.Where(a => a.State == state && Stretches(a).Any(s => s.From <= day && (s.To is not { } to || day < to))).Select(a => a.Id)];

    public static IEnumerable<(DateOnly From, DateOnly? To)> Stretches(SyntheticAgreement agreement) =>
        Replay(agreement).Segments().Select(s => (s.From, s.To));

    private static EffectiveHistory Replay(SyntheticAgreement agreement)
    {
        var requested = (AgreementRequested)agreement.Events[0].Event;
        return agreement.Events.Skip(1).Aggregate(EffectiveHistory.Start(requested), (state, e) => state.Apply(e.Event));
    }
}

public sealed record IdealParticipant(
    Guid AgreementId, string AgencyId, string State, string StateName, string AgencyName, string Model, DateOnly SignedOn, string? MoaUrl, DateOnly From, DateOnly? Until);

/// <summary>One row of the summary: a state and model (both set), a model (state null) or the total (both null).</summary>
public sealed record IdealTally(string? State, string? Model, int Agreements, int Agencies, int States);
