using Npgsql;

namespace EventSourcedAgreements.Tests.Fixtures;

/// <summary>SQL run by a test on a connection of its own, as someone with the database's credentials but not the service would.</summary>
public static class Sql
{
    /// <summary>The first column of the first row, or the type's default when there is none or it is NULL; a value of another type throws.</summary>
    public static async Task<T?> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync() switch
        {
            null or DBNull => default,
            var value => (T)value,
        };
    }

    public static async Task<long> CountAsync(string connectionString, string sql) =>
        await ScalarAsync<long>(connectionString, sql);

    /// <summary>Runs a statement that answers no rows; returns how many rows it changed.</summary>
    public static async Task<int> ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }
}

/// <summary>Waiting for what the service does in the background (projections, scheduled messages, other nodes).</summary>
public static class Eventually
{
    /// <summary>Reads until <paramref name="done"/> holds or <paramref name="patience"/> runs out, and returns the last value read either way (the caller asserts on it).</summary>
    public static async Task<T> ReadAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan patience, CancellationToken cancellationToken = default)
    {
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value) || deadline.Elapsed > patience)
            {
                return value;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }
}
