using Marten;
using Npgsql;

namespace EventSourcedAgreements.Auditing.Sealing;

/// <summary>Seals every event hash not yet sealed into a new <see cref="Anchor"/>; none when there is nothing new.</summary>
public sealed class AnchorSealing(IDocumentStore store, NpgsqlDataSource database, TimeProvider time)
{
    public async Task<Anchor?> SealAsync(CancellationToken cancellationToken)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        await using var seal = database.CreateCommand($"select {schema}.mt_seal_anchor(@sealed)");
        seal.Parameters.AddWithValue("sealed", time.GetUtcNow());
        return await seal.ExecuteScalarAsync(cancellationToken) is long number
            ? await FindAsync(database, schema, number, cancellationToken)
            : null;
    }

    public static async Task<Anchor?> FindAsync(NpgsqlDataSource database, string schema, long number, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"select {Anchor.Columns} from {schema}.{TamperEvidence.AnchorsTable} where number = @number");
        command.Parameters.AddWithValue("number", number);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Anchor.Read(reader) : null;
    }
}

public static class SealAnchorEndpoint
{
    /// <summary>Seals the events recorded since the last anchor now, rather than at the next scheduled seal.</summary>
    [WolverinePost("/api/audit/anchors", OperationId = "SealAnchor")]
    [Authorize(Roles = $"{ProgramOfficer},{Auditor}")]
    [ProducesResponseType<Anchor>(StatusCodes.Status201Created)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public static async Task<IResult> Post(AnchorSealing sealing, CancellationToken cancellationToken) =>
        await sealing.SealAsync(cancellationToken) is { } anchor
            ? Results.Created($"/api/audit/anchors/{anchor.Number}", anchor)
            : Results.NoContent();
}

/// <summary>Seals an anchor at every multiple of <c>Auditing:SealEvery</c> (a day by default) since the Unix epoch, UTC.</summary>
public sealed partial class AnchorSchedule(AnchorSealing sealing, TimeProvider time, AuditingSettings settings, ILogger<AnchorSchedule> logger)
    : BackgroundService
{
    public static TimeSpan UntilNext(DateTimeOffset now, TimeSpan every) =>
        TimeSpan.FromTicks(every.Ticks - ((now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) % every.Ticks));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(UntilNext(time.GetUtcNow(), settings.SealEvery), time, stoppingToken);
            try
            {
                if (await sealing.SealAsync(stoppingToken) is { } anchor)
                {
                    Sealed(anchor.Number, anchor.Events, anchor.Hash);
                }
            }
            catch (NpgsqlException failure)
            {
                SealFailed(failure);
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "Sealed anchor {Number} over {Events} events: {Hash}")]
    private partial void Sealed(long number, long events, string hash);

    [LoggerMessage(LogLevel.Warning, "Sealing an anchor failed; the events stay unsealed until the next seal")]
    private partial void SealFailed(Exception failure);
}
