using Npgsql;

namespace EventSourcedAgreements.Benchmarks;

/// <summary>What PostgreSQL executed for the clients of one database, from pg_stat_statements (top-level statements).</summary>
public sealed record StatementStats(long Statements, long Transactions, long Resets, double ExecutionMs)
{
    /// <summary>Clears the counters; false when the server was not started with pg_stat_statements loaded.</summary>
    public static async Task<bool> ResetAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var database = NpgsqlDataSource.Create(connectionString);
        try
        {
            await using var command = database.CreateCommand("create extension if not exists pg_stat_statements; select pg_stat_statements_reset();");
            await command.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }
        catch (PostgresException)
        {
            return false;
        }
    }

    public static async Task<StatementStats> ReadAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var database = NpgsqlDataSource.Create(connectionString);
        await using var command = database.CreateCommand(
            """
            select coalesce(sum(calls) filter (where query !~* '^\s*(begin|commit|rollback|discard)'), 0)::bigint,
                   coalesce(sum(calls) filter (where query ~* '^\s*commit'), 0)::bigint,
                   coalesce(sum(calls) filter (where query ~* '^\s*discard'), 0)::bigint,
                   coalesce(sum(total_exec_time), 0)::float8
            from pg_stat_statements
            where dbid = (select oid from pg_database where datname = current_database())
              and query !~* 'pg_stat_statements'
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new StatementStats(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetDouble(3));
    }

    /// <summary>The statements that took PostgreSQL the longest, per call of <paramref name="per"/> (a command).</summary>
    public static async Task<IReadOnlyList<string>> TopAsync(string connectionString, int count, long per, CancellationToken cancellationToken)
    {
        await using var database = NpgsqlDataSource.Create(connectionString);
        await using var command = database.CreateCommand(
            """
            select total_exec_time::float8, calls, left(regexp_replace(query, '\s+', ' ', 'g'), 90)
            from pg_stat_statements
            where dbid = (select oid from pg_database where datname = current_database()) and query !~* 'pg_stat_statements'
            order by total_exec_time desc limit @count
            """);
        command.Parameters.AddWithValue("count", count);
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            lines.Add($"| {Stats.Ms(reader.GetDouble(0) / per)} | {Stats.Number((double)reader.GetInt64(1) / per, "0.00")} | `{reader.GetString(2).Replace("|", "\\|", StringComparison.Ordinal)}` |");
        }

        return lines;
    }
}
