using System.Security.Cryptography;
using EventSourcedAgreements.Hosting;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace EventSourcedAgreements.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> on a command: a retry with the same key and body gets the first answer again (with
/// <c>Idempotent-Replayed: true</c>) and records nothing; the same key with another body is a 422. Keys are kept in
/// PostgreSQL per caller for <c>Idempotency:Retention</c> (24 hours by default). The key is reserved in the same
/// transaction as the command's events (<see cref="IdempotencyReservation"/>), so a key is taken exactly when its events are recorded;
/// the answer is stored right after. 5xx answers are not stored: nothing was recorded, and the retry runs again.
/// </summary>
public sealed partial class IdempotencyKeys(IDocumentStore store, NpgsqlDataSource database, TimeProvider time, IdempotencySettings settings, ILogger<IdempotencyKeys> logger)
    : BackgroundService
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const string Table = "idempotency_keys";
    public const string PrimaryKey = "pk_idempotency_keys";
    internal const string ItemKey = "idempotency";

    private string Schema => store.Options.DatabaseSchemaName;

    internal sealed record Reservation(string Principal, string Key, string RequestHash, Guid Owner);

    private sealed record StoredAnswer(string RequestHash, int? Status, string? ContentType, string? Location, string? ETag, byte[]? Body);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromHours(1), time, stoppingToken);
            try
            {
                await using var command = database.CreateCommand($"delete from {Schema}.{Table} where created_at <= @cutoff");
                command.Parameters.AddWithValue("cutoff", time.GetUtcNow() - settings.Retention);
                await command.ExecuteNonQueryAsync(stoppingToken);
            }
            catch (NpgsqlException failure)
            {
                CleanupFailed(failure);
            }
        }
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var key = context.Request.Headers[Header].ToString();
        if (!HttpMethods.IsPost(context.Request.Method) || key.Length == 0 || context.User.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }

        if (key.Length > 255 || key.Any(c => c is < '!' or > '~'))
        {
            await OperationalGuards.WriteProblem(context, StatusCodes.Status400BadRequest, "Invalid request", $"{Header} is 1 to 255 visible ASCII characters, e.g. a UUID.");
            return;
        }

        var reservation = new Reservation(OperationalGuards.Principal(context), key, await HashAsync(context.Request), Guid.NewGuid());
        if (await FindAsync(reservation, context.RequestAborted) is { } stored)
        {
            await AnswerAgainAsync(context, reservation, stored);
            return;
        }

        context.Items[ItemKey] = reservation;
        var original = context.Response.Body;
        await using var captured = new MemoryStream();
        context.Response.Body = captured;
        try
        {
            await next(context);
        }
        catch (Exception exception) when (StoreExceptionHandler.UniqueViolation(exception)?.ConstraintName == PrimaryKey)
        {
            context.Response.Body = original;
            context.Response.Clear();
            await AnswerAgainAsync(context, reservation, await FirstAnswerAsync(reservation));
            return;
        }
        finally
        {
            context.Response.Body = original;
        }

        if (context.Response.StatusCode < 500 && !await StoreAsync(reservation, context.Response, captured.ToArray()))
        {
            context.Response.Clear();
            await AnswerAgainAsync(context, reservation, await FirstAnswerAsync(reservation));
            return;
        }

        captured.Position = 0;
        await captured.CopyToAsync(original, context.RequestAborted);
    }

    /// <summary>
    /// A concurrent request with the same key won the reservation; its answer is stored moments after its commit. Waits
    /// up to 5 s for it (a loaded node takes over a second for a command), then answers 409 with a Retry-After.
    /// </summary>
    private async Task<StoredAnswer> FirstAnswerAsync(Reservation reservation)
    {
        StoredAnswer? first = null;
        for (var attempt = 0; attempt < 100 && first?.Status is null; attempt++)
        {
            first = await FindAsync(reservation, CancellationToken.None);
            if (first?.Status is null)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), time);
            }
        }

        return first ?? new StoredAnswer(reservation.RequestHash, null, null, null, null, null);
    }

    private static async Task<string> HashAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var buffer = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }

        request.Body.Position = 0;
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private async Task<StoredAnswer?> FindAsync(Reservation reservation, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            $"""
            delete from {Schema}.{Table} where principal = @principal and key = @key and created_at <= @cutoff;
            select request_hash, status, content_type, location, etag, body from {Schema}.{Table} where principal = @principal and key = @key;
            """);
        command.Parameters.AddWithValue("principal", reservation.Principal);
        command.Parameters.AddWithValue("key", reservation.Key);
        command.Parameters.AddWithValue("cutoff", time.GetUtcNow() - settings.Retention);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StoredAnswer(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetInt32(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<byte[]>(5))
            : null;
    }

    /// <summary>Stores this request's answer under its key, unless another request with the key reserved it first (false then).</summary>
    private async Task<bool> StoreAsync(Reservation reservation, HttpResponse response, byte[] body)
    {
        await using var command = database.CreateCommand(
            $"""
            insert into {Schema}.{Table} as k (principal, key, request_hash, owner, created_at, status, content_type, location, etag, body)
            values (@principal, @key, @hash, @owner, @now, @status, @contentType, @location, @etag, @body)
            on conflict (principal, key) do update
            set status = excluded.status, content_type = excluded.content_type, location = excluded.location, etag = excluded.etag, body = excluded.body
            where k.status is null and k.owner = excluded.owner
            returning 1
            """);
        command.Parameters.AddWithValue("owner", reservation.Owner);
        command.Parameters.AddWithValue("principal", reservation.Principal);
        command.Parameters.AddWithValue("key", reservation.Key);
        command.Parameters.AddWithValue("hash", reservation.RequestHash);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        command.Parameters.AddWithValue("status", response.StatusCode);
        command.Parameters.AddWithValue("contentType", (object?)response.ContentType ?? DBNull.Value);
        command.Parameters.AddWithValue("location", OrNull(response.Headers.Location.ToString()));
        command.Parameters.AddWithValue("etag", OrNull(response.Headers.ETag.ToString()));
        command.Parameters.Add(new NpgsqlParameter("body", NpgsqlDbType.Bytea) { Value = body });
        try
        {
            return await command.ExecuteScalarAsync(CancellationToken.None) is not null;
        }
        catch (NpgsqlException failure)
        {
            AnswerNotStored(failure, reservation.Key);
            return true;
        }
    }

    private static object OrNull(string text) => text.Length > 0 ? text : DBNull.Value;

    [LoggerMessage(LogLevel.Warning, "Removing expired idempotency keys failed; they are ignored until the next attempt")]
    private partial void CleanupFailed(Exception failure);

    [LoggerMessage(LogLevel.Warning, "The answer to idempotency key {Key} was not stored; a retry with it will be told its outcome is unknown")]
    private partial void AnswerNotStored(Exception failure, string key);

    private static async Task AnswerAgainAsync(HttpContext context, Reservation reservation, StoredAnswer stored)
    {
        if (stored.RequestHash != reservation.RequestHash)
        {
            await OperationalGuards.WriteProblem(context, StatusCodes.Status422UnprocessableEntity, "Idempotency key reused", $"This {Header} was used for another request (another method, path or body). Use a new key for a new request.");
            return;
        }

        if (stored.Status is not { } status)
        {
            await OperationalGuards.WriteProblem(context, StatusCodes.Status409Conflict, "Request in progress", $"A request with this {Header} is being recorded, or was recorded without its answer being kept. Try again shortly, or read the agreement's history.", TimeSpan.FromSeconds(1));
            return;
        }

        context.Response.StatusCode = status;
        context.Response.Headers[ReplayedHeader] = "true";
        if (stored.Location is not null)
        {
            context.Response.Headers.Location = stored.Location;
        }

        if (stored.ETag is not null)
        {
            context.Response.Headers.ETag = stored.ETag;
        }

        if (stored.Body is { Length: > 0 } body)
        {
            context.Response.ContentType = stored.ContentType;
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        }
    }
}

/// <summary>Takes the command's key in the command's own transaction: a Wolverine middleware on every command endpoint.</summary>
public static class IdempotencyReservation
{
    public static void Before(HttpContext context, IDocumentSession session, TimeProvider time)
    {
        if (context.Items[IdempotencyKeys.ItemKey] is IdempotencyKeys.Reservation reservation)
        {
            session.QueueSqlCommand(
                $"insert into {session.DocumentStore.Options.DatabaseSchemaName}.{IdempotencyKeys.Table} (principal, key, request_hash, owner, created_at) values (?, ?, ?, ?, ?)",
                reservation.Principal,
                reservation.Key,
                reservation.RequestHash,
                reservation.Owner,
                time.GetUtcNow());
        }
    }
}
