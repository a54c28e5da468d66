using EventSourcedAgreements.Agreements;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace EventSourcedAgreements.Hosting;

/// <summary>
/// Answers with a ProblemDetails what the event store refuses: 409 for writes another write got to first,
/// 404 for the empty id, which Marten refuses as a stream id before it looks; 503 with <c>Retry-After</c> while
/// PostgreSQL cannot be reached (nothing was acknowledged, so the caller may retry); 413 for bodies over the limit.
/// </summary>
public sealed class StoreExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is BadHttpRequestException badRequest)
        {
            await OperationalGuards.WriteProblem(httpContext, badRequest.StatusCode, badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request too large" : "Bad request", badRequest.Message);
            return true;
        }

        if (DatabaseUnavailable(exception))
        {
            await OperationalGuards.WriteProblem(
                httpContext,
                StatusCodes.Status503ServiceUnavailable,
                "Database unavailable",
                "The record could not complete this request just now (its database is unavailable or busy). Try again shortly; a retry with the same Idempotency-Key is never recorded twice.",
                RetryAfter);
            return true;
        }

        var problem = exception is ArgumentOutOfRangeException && exception.Message.Contains("empty Guid", StringComparison.Ordinal)
            ? NotFound.Agreement(Guid.Empty)
            : Cause<Participation.InForceTwiceException>(exception) is { } twice ? InForceTwice(twice)
            : Cause<PostgresException>(exception) is { SqlState: PostgresErrorCodes.ExclusionViolation, ConstraintName: Officers.OfficersFeature.OneAuthorityConstraint }
                ? Problems.Conflict(
                    "Authorized under another agreement",
                    "The same person of this agency would hold authority under two agreements on some of the same days (another officer record of the person was recorded at the same moment, or covers those days): one agreement at a time. Nothing was recorded.")
            : Describe(exception) is { } detail ? Problems.Conflict("Conflict", detail) : null;
        if (problem is null)
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = problem,
        });
    }

    /// <summary>The 409 for a change that would put two agreements of one agency and support model in force on the same day.</summary>
    public static Microsoft.AspNetCore.Mvc.ProblemDetails InForceTwice(Participation.InForceTwiceException twice)
    {
        var problem = Problems.Conflict(
            "Another agreement in force",
            $"Agreement {twice.OtherAgreementId} of {twice.AgencyId} under the {twice.Model} model is in force from {twice.From:yyyy-MM-dd}"
            + $"{(twice.To is { } to ? $" until {to:yyyy-MM-dd}" : " on")}, the days this change would put agreement {twice.AgreementId} in force: "
            + "an agency holds one agreement per support model in force on any day. Nothing was recorded.");
        problem.Extensions["otherAgreementId"] = twice.OtherAgreementId;
        problem.Extensions["overlapFrom"] = twice.From.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        problem.Extensions["overlapUntil"] = twice.To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return problem;
    }

    private static T? Cause<T>(Exception? exception)
        where T : Exception
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static string? Describe(Exception exception) => exception switch
    {
        Marten.Exceptions.ExistingStreamIdCollisionException => "An agreement with this id already exists.",
        _ when Cause<PostgresException>(exception) is { SqlState: PostgresErrorCodes.ExclusionViolation } =>
            "Another agreement of this agency and support model was recorded in force on some of the same days at the same moment; an agency holds one agreement per support model in force on any day. Reload and try again.",
        _ when UniqueViolation(exception) is { } violation => violation.ConstraintName == AgreementsFeature.OneOpenAgreementPerModelIndex
            ? "Another open agreement for this agency and support model was recorded at the same moment; an agency holds at most one open agreement per support model."
            : "Another write recorded the same thing at the same moment; reload and try again.",
        _ => null,
    };

    /// <summary>Connection failures, server shutdowns and an exhausted pool, wherever in the chain of causes they sit.</summary>
    public static bool DatabaseUnavailable(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            switch (exception)
            {
                case PostgresException postgres when postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                    || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal)
                    || postgres.SqlState == PostgresErrorCodes.TooManyConnections:
                case NpgsqlException { IsTransient: true }:
                case NpgsqlException { InnerException: System.Net.Sockets.SocketException or IOException or TimeoutException }:
                case System.Net.Sockets.SocketException:
                    return true;
            }
        }

        return false;
    }

    public static PostgresException? UniqueViolation(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } violation)
            {
                return violation;
            }
        }

        return null;
    }
}
