using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Hosting;
using Marten;

namespace EventSourcedAgreements.Deadlines;

/// <summary>
/// Deadlines: the events that set a date (a signing, a renewal, an amendment, a correction of the expiry, a change
/// recorded ahead of its date) are forwarded by Wolverine once their command has committed, and their handlers schedule
/// the messages due on those dates; the sweep catches what no message covers. The snapshot indexes the sweep reads are
/// part of the schema whether the deadlines run or not.
/// </summary>
public static class DeadlinesFeature
{
    public static IHostApplicationBuilder AddDeadlines(this IHostApplicationBuilder builder)
    {
        var settings = builder.AddSettings<DeadlineSettings>();
        builder.Services.ConfigureMarten(options =>
        {
            var agreements = options.Schema.For<Agreement>();

            // Which changes recorded ahead of their date have reached it (ScheduledChanges.DueAsync).
            agreements.Index(a => a.Pending!.EffectiveOn);

            // Which agreements in force expire, or enter a reminder window, by a date (DeadlineSweep.InForceExpiringBy).
            agreements.Index(
                a => a.ExpiresOn!,
                index =>
                {
                    index.Name = DeadlineSweep.OpenExpiringIndex;
                    index.Predicate = AgreementsFeature.StatusIn(Agreement.InForceStatuses);
                });
        });

        builder.WolverineIntegration().UseFastEventForwarding = settings.Enabled;
        builder.Wolverine().ScheduleSweep(settings);
        return builder;
    }
}
