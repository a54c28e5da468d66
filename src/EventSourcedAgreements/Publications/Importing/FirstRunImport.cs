using EventSourcedAgreements.Agreements;
using Marten;

namespace EventSourcedAgreements.Publications.Importing;

/// <summary>
/// In Development, an empty store gets every list the service ships with (<c>data/publications</c>), in date order, so
/// that a newcomer's explorer shows the program's real history from the first run. Off with <c>FirstRun:Import=false</c>.
/// </summary>
public sealed partial class FirstRunImport(IServiceProvider services, FirstRunSettings settings, IHostEnvironment environment, ILogger<FirstRunImport> logger) : IHostedService
{
    public static string ShippedFolder => Path.Combine(AppContext.BaseDirectory, "Data", "publications");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!environment.IsDevelopment() || !settings.Import)
        {
            return;
        }

        await using (var scope = services.CreateAsyncScope())
        {
            var session = scope.ServiceProvider.GetRequiredService<IQuerySession>();
            if (await session.Query<Agreement>().AnyAsync(cancellationToken) || await session.Query<Publication>().AnyAsync(cancellationToken))
            {
                return;
            }
        }

        var (lists, _) = ListFolder.Read(ShippedFolder);
        LogStarting(logger, lists.Count);
        foreach (var list in lists)
        {
            await using var scope = services.CreateAsyncScope();
            await using var file = File.OpenRead(list.Path);
            var outcome = await scope.ServiceProvider.GetRequiredService<Importer>()
                .ImportAsync(Path.GetFileName(list.Path), file, list.PublishedOn, dryRun: false, actor: "first run", cancellationToken);
            var summary = ListFolder.Summary(list, outcome);
            if (outcome.Problem is null)
            {
                LogImported(logger, summary);
            }
            else
            {
                LogRefused(logger, summary);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "The store was empty: importing the {Lists} lists the service ships with, oldest first")]
    private static partial void LogStarting(ILogger logger, int lists);

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported {Summary}")]
    private static partial void LogImported(ILogger logger, string summary);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not imported {Summary}")]
    private static partial void LogRefused(ILogger logger, string summary);
}
