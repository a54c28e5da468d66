using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Officers;
using Npgsql;
using NpgsqlTypes;

namespace EventSourcedAgreements.Benchmarks;

/// <summary>
/// The baseline for <c>officers/summary?asOf=</c>: the smallest table that answers "authorized on D" — one row per
/// stretch of days an officer held authority (agreement, agency, state, model and a daterange), computed by replaying
/// each officer's events in memory here, with a GiST index on the stretch and an index on the state — asked by one
/// hand-written aggregate query. It knows nothing of the knowledge or recorded axes, so it can only be faster than the service.
/// </summary>
public sealed class IdealOfficerTable(NpgsqlDataSource database, string table = "bench_ideal_officers")
{
    public async Task<int> CreateAsync(IEnumerable<SyntheticOfficer> officers, CancellationToken cancellationToken = default)
    {
        await using (var create = database.CreateCommand(
            $"""
            drop table if exists {table};
            create table {table} (
                officer_id uuid not null, agreement_id uuid not null, agency_id text not null, state text not null, model text not null,
                authorized daterange not null);
            """))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var rows = 0;
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        await using (var writer = await connection.BeginBinaryImportAsync(
            $"copy {table} (officer_id, agreement_id, agency_id, state, model, authorized) from stdin (format binary)", cancellationToken))
        {
            foreach (var officer in officers)
            {
                foreach (var (from, to) in Stretches(officer))
                {
                    await writer.StartRowAsync(cancellationToken);
                    await writer.WriteAsync(officer.Id, NpgsqlDbType.Uuid, cancellationToken);
                    await writer.WriteAsync(officer.AgreementId, NpgsqlDbType.Uuid, cancellationToken);
                    await writer.WriteAsync(officer.AgencyId, NpgsqlDbType.Text, cancellationToken);
                    await writer.WriteAsync(officer.State, NpgsqlDbType.Text, cancellationToken);
                    await writer.WriteAsync(officer.Model.ToString(), NpgsqlDbType.Text, cancellationToken);
                    await writer.WriteAsync(new NpgsqlRange<DateOnly>(from, true, false, to ?? default, false, to is null), NpgsqlDbType.DateRange, cancellationToken);
                    rows++;
                }
            }

            await writer.CompleteAsync(cancellationToken);
        }

        await using var index = database.CreateCommand(
            $"create index on {table} using gist (authorized); create index on {table} (state, model); analyze {table};");
        await index.ExecuteNonQueryAsync(cancellationToken);
        return rows;
    }

    /// <summary>
    /// The numbers of <c>officers/summary?asOf=[&amp;state=]</c> in one aggregate query: officers per state and model;
    /// officers, agreements, agencies and states per model and in total.
    /// </summary>
    public async Task<IReadOnlyList<IdealOfficerTally>> SummaryAsync(DateOnly day, string? state = null, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand(
            $"""
            select state, model, count(*), count(distinct agreement_id), count(distinct agency_id), count(distinct state)
            from {table} where authorized @> @day{(state is null ? string.Empty : " and state = @state")}
            group by grouping sets ((state, model), (model), ())
            """);
        command.Parameters.AddWithValue("day", day);
        if (state is not null)
        {
            command.Parameters.AddWithValue("state", state);
        }

        var tallies = new List<IdealOfficerTally>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tallies.Add(new IdealOfficerTally(
                reader.IsDBNull(0) ? null : reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                (int)reader.GetInt64(2),
                (int)reader.GetInt64(3),
                (int)reader.GetInt64(4),
                (int)reader.GetInt64(5)));
        }

        return tallies;
    }

    /// <summary>
    /// The stretches of days the officer held authority, by replaying its events here (not with the service's code): from a
    /// certification, reinstatement or restoration with the agreement, until a suspension (by the program office, with the
    /// agreement or for an overdue refresher), revocation, separation or lapse; a stretch that would end on the day it
    /// began held no day. A revocation, separation or lapse ends authority for good from its date: a stretch the record had
    /// already ended after that date (a suspension for an overdue refresher dated after an agreement's termination the
    /// record learned late) ends at that date instead.
    /// </summary>
    public static IReadOnlyList<(DateOnly From, DateOnly? To)> Stretches(SyntheticOfficer officer)
    {
        var stretches = new List<(DateOnly From, DateOnly? To)>();
        DateOnly? from = null;
        foreach (var (@event, _, _) in officer.Events)
        {
            DateOnly? starts = @event switch
            {
                OfficerCertified e => e.CertifiedOn,
                AuthorityReinstated e => e.EffectiveOn,
                AuthorityRestoredWithAgreement e => e.EffectiveOn,
                _ => null,
            };
            DateOnly? suspends = @event switch
            {
                AuthoritySuspended e => e.EffectiveOn,
                AuthoritySuspendedForRefresher e => e.EffectiveOn,
                AuthorityLapsedWithAgreement { Agreement: AgreementStatus.Suspended } e => e.EffectiveOn,
                _ => null,
            };
            DateOnly? ends = @event switch
            {
                AuthorityRevoked e => e.EffectiveOn,
                OfficerSeparated e => e.EffectiveOn,
                AuthorityLapsedWithAgreement { Agreement: not AgreementStatus.Suspended } e => e.EffectiveOn,
                _ => null,
            };
            if (starts is not null)
            {
                from = starts;
            }
            else if ((suspends ?? ends) is { } end)
            {
                if (from is { } start && end > start)
                {
                    stretches.Add((start, end));
                }

                from = null;
                if (ends is { } gone)
                {
                    for (var i = stretches.Count - 1; i >= 0 && stretches[i].To > gone; i--)
                    {
                        if (stretches[i].From < gone)
                        {
                            stretches[i] = (stretches[i].From, gone);
                        }
                        else
                        {
                            stretches.RemoveAt(i);
                        }
                    }
                }
            }
        }

        if (from is { } open)
        {
            stretches.Add((open, null));
        }

        return stretches;
    }
}

/// <summary>One row of the officer summary: a state and model (both set), a model (state null) or the total (both null).</summary>
public sealed record IdealOfficerTally(string? State, string? Model, int Officers, int Agreements, int Agencies, int States);
