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
            create table {table} (agreement_id uuid not null, state text not null, model text not null, in_force daterange not null);
            """))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        await using (var writer = await connection.BeginBinaryImportAsync($"copy {table} (agreement_id, state, model, in_force) from stdin (format binary)", cancellationToken))
        {
            foreach (var agreement in agreements)
            {
                foreach (var (from, to) in Stretches(agreement))
                {
                    await writer.StartRowAsync(cancellationToken);
                    await writer.WriteAsync(agreement.Id, NpgsqlDbType.Uuid, cancellationToken);
                    await writer.WriteAsync(agreement.State, NpgsqlDbType.Text, cancellationToken);
                    await writer.WriteAsync(agreement.Model.ToString(), NpgsqlDbType.Text, cancellationToken);
                    await writer.WriteAsync(new NpgsqlRange<DateOnly>(from, true, false, to ?? default, false, to is null), NpgsqlDbType.DateRange, cancellationToken);
                }
            }

            await writer.CompleteAsync(cancellationToken);
        }

        await using var index = database.CreateCommand($"create index on {table} using gist (in_force); create index on {table} (state); analyze {table};");
        await index.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The agreements of <paramref name="state"/> in force on <paramref name="day"/>.</summary>
    public async Task<IReadOnlyList<Guid>> InForceAsync(string state, DateOnly day, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand($"select distinct agreement_id from {table} where state = @state and in_force @> @day");
        command.Parameters.AddWithValue("state", state);
        command.Parameters.AddWithValue("day", day);
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    /// <summary>The answer by replaying every event of every agreement, the way a store without projections would.</summary>
    public static IReadOnlyList<Guid> InForceByReplay(IEnumerable<SyntheticAgreement> agreements, string state, DateOnly day) =>
        [.. agreements.Where(a => a.State == state && Stretches(a).Any(s => s.From <= day && (s.To is not { } to || day < to))).Select(a => a.Id)];

    public static IEnumerable<(DateOnly From, DateOnly? To)> Stretches(SyntheticAgreement agreement)
    {
        var requested = (AgreementRequested)agreement.Events[0].Event;
        var history = agreement.Events.Skip(1).Aggregate(EffectiveHistory.Start(requested), (state, e) => state.Apply(e.Event));
        return history.Segments().Select(s => (s.From, s.To));
    }
}
