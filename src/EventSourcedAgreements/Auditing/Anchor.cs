using Npgsql;

namespace EventSourcedAgreements.Auditing;

/// <summary>
/// A seal over the store: the hashes of <see cref="Events"/> events (sequence numbers
/// <see cref="FirstSequence"/>..<see cref="LastSequence"/>, those not sealed before), chained to the previous anchor's
/// hash. Keeping the latest <see cref="Hash"/> outside the database pins every event recorded before it.
/// </summary>
public sealed record Anchor(long Number, DateTimeOffset SealedAt, long Events, long FirstSequence, long LastSequence, string? Previous, string Hash)
{
    public const string Columns = "number, sealed_at, events, first_sequence, last_sequence, previous, hash";

    public static Anchor Read(NpgsqlDataReader reader) =>
        new(
            reader.GetInt64(0),
            reader.GetFieldValue<DateTimeOffset>(1),
            reader.GetInt64(2),
            reader.GetInt64(3),
            reader.GetInt64(4),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.GetString(6));
}
