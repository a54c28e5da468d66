using EventSourcedAgreements.Agreements;
using Marten;

namespace EventSourcedAgreements.Publications.Importing;

/// <summary>
/// In Development, an empty store gets the May 2019 list the service ships with, so that a newcomer's first query has
/// data. Off with <c>FirstRun:Import=false</c>.
/// </summary>
public sealed partial class FirstRunImport(IServiceProvider services, IConfiguration configuration, IHostEnvironment environment, ILogger<FirstRunImport> logger) : IHostedService
{
    public const string FileName = "ice-287g-page-2019-05-20.txt";
    public static readonly DateOnly PublishedOn = new(2019, 5, 20);

    public static string ShippedFile => Path.Combine(AppContext.BaseDirectory, "Data", "publications", FileName);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!environment.IsDevelopment() || !configuration.GetValue("FirstRun:Import", defaultValue: true))
        {
            return;
        }

        await using var scope = services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<IQuerySession>();
        if (await session.Query<Agreement>().AnyAsync(cancellationToken) || await session.Query<Publication>().AnyAsync(cancellationToken))
        {
            return;
        }

        await using var file = File.OpenRead(ShippedFile);
        var outcome = await scope.ServiceProvider.GetRequiredService<Importer>()
            .ImportAsync(FileName, file, PublishedOn, dryRun: false, actor: "first run", cancellationToken);
        if (outcome.Report is { } report)
        {
            var agreements = report.Counts.GetValueOrDefault(ChangeKind.New);
            LogImported(logger, FileName, agreements);
        }
        else
        {
            LogRefused(logger, FileName, outcome.Problem?.Detail);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "The store was empty: imported {FileName}, the May 2019 list, as {Agreements} agreements")]
    private static partial void LogImported(ILogger logger, string fileName, int agreements);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The store was empty, but {FileName} was not imported: {Reason}")]
    private static partial void LogRefused(ILogger logger, string fileName, string? reason);
}
