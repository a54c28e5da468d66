using System.Security.Claims;
using EventSourcedAgreements.Participation;

namespace EventSourcedAgreements.Publications.Importing;

public static class ImportPublicationEndpoint
{
    public const long MaxFileBytes = 20 * 1024 * 1024;

    /// <summary>
    /// Imports one of ICE's published lists of participants (multipart: the list as <c>file</c>, the day ICE published
    /// it as <c>publishedOn</c>): the list replaces the last one as of its date, and the answer reports what it added,
    /// changed and ended; with <c>dryRun=true</c>, the same report and nothing recorded.
    /// </summary>
    [WolverinePost("/api/publications", OperationId = "ImportPublication")]
    [Microsoft.AspNetCore.Http.Timeouts.RequestTimeout(Hosting.OperationalGuards.UploadTimeout)]
    [Authorize(Roles = ProgramOfficer)]
    [ProducesResponseType<ImportReport>(StatusCodes.Status201Created)]
    [ProducesResponseType<ImportReport>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity)]
    public static async Task<IResult> Post(HttpRequest request, ClaimsPrincipal user, Importer importer, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return Results.Problem(Invalid("file", "Send multipart/form-data with a 'file' part and a 'publishedOn' field (YYYY-MM-DD)."));
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (Exception unreadable) when (unreadable is InvalidDataException or IOException or BadHttpRequestException)
        {
            var status = unreadable is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest;
            return Results.Problem(new ProblemDetails
            {
                Status = status,
                Title = status == StatusCodes.Status413PayloadTooLarge ? "Body too large" : "Unreadable form",
                Detail = $"The multipart body could not be read: {unreadable.Message}",
            });
        }

        var file = form.Files.GetFile("file");
        var publishedOnText = form["publishedOn"].ToString();
        var dryRunText = request.Query["dryRun"].ToString();
        var confirmEmptyText = form["confirmEmpty"].Count > 0 ? form["confirmEmpty"].ToString() : request.Query["confirmEmpty"].ToString();
        var input = new Input()
            .Check("file", file is { Length: > 0 and <= MaxFileBytes }, $"file is required: one published list of at most {MaxFileBytes / 1024 / 1024} MB.")
            .Check("publishedOn", DateQuery.TryParse(publishedOnText, out var publishedOn) && publishedOnText.Trim().Length == 10, DateQuery.Explain("publishedOn", publishedOnText) + " (a day, YYYY-MM-DD)")
            .Check("publishedOn", publishedOn <= Today.From(time), $"publishedOn {publishedOnText} is after today: a list is imported once it is published.")
            .Check("dryRun", dryRunText.Length == 0 || bool.TryParse(dryRunText, out _), "dryRun is true or false.")
            .Check("confirmEmpty", confirmEmptyText.Length == 0 || bool.TryParse(confirmEmptyText, out _), "confirmEmpty is true or false.")
            .ToProblem();
        if (!ReferenceEquals(input, WolverineContinue.NoProblems))
        {
            return Results.Problem(input);
        }

        var dryRun = dryRunText.Length > 0 && bool.Parse(dryRunText);
        await using var content = file!.OpenReadStream();
        var confirmEmpty = confirmEmptyText.Length > 0 && bool.Parse(confirmEmptyText);
        var outcome = await importer.ImportAsync(Path.GetFileName(file.FileName), content, publishedOn, dryRun, user.Identity?.Name, cancellationToken, confirmEmpty, CommandKnowledge.RolesOf(user));
        return outcome switch
        {
            { Problem: { } problem } => Results.Problem(problem),
            { Report: { DryRun: false, AlreadyImported: false } report } => Results.Created($"/api/publications/{report.PublicationId}", report),
            { Report: { } report } => Results.Ok(report),
            _ => throw new InvalidOperationException("An import outcome holds a report or a problem."),
        };
    }

    private static ProblemDetails Invalid(string field, string message) => new Input().Check(field, false, message).ToProblem();
}
