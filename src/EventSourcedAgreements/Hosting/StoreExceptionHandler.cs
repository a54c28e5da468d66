using EventSourcedAgreements.Agreements;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace EventSourcedAgreements.Hosting;

/// <summary>
/// Answers with a ProblemDetails what the event store refuses: 409 for writes another write got to first,
/// 404 for the empty id, which Marten refuses as a stream id before it looks.
/// </summary>
public sealed class StoreExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception is ArgumentOutOfRangeException && exception.Message.Contains("empty Guid", StringComparison.Ordinal)
            ? NotFound.Agreement(Guid.Empty)
            : Describe(exception) is { } detail ? Rules.Conflict("Conflict", detail) : null;
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

    private static string? Describe(Exception exception) => exception switch
    {
        Marten.Exceptions.ExistingStreamIdCollisionException => "An agreement with this id already exists.",
        _ when UniqueViolation(exception) is { } violation => violation.ConstraintName == Configuration.OneOpenAgreementPerModelIndex
            ? "Another open agreement for this agency and support model was recorded at the same moment; an agency holds at most one open agreement per support model."
            : "Another write recorded the same thing at the same moment; reload and try again.",
        _ => null,
    };

    private static PostgresException? UniqueViolation(Exception? exception)
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
