using EventSourcedAgreements.Agreements;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace EventSourcedAgreements.Hosting;

/// <summary>Answers 409 for writes that the database refused because another write got there first.</summary>
public sealed class ConflictExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var detail = Describe(exception);
        if (detail is null)
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status409Conflict;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = Rules.Conflict("Conflict", detail),
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
