using System.ComponentModel.DataAnnotations;

namespace EventSourcedAgreements.Officers;

/// <summary>
/// The <c>Officers</c> settings: how often an authorized officer takes a refresher (<c>RefresherEveryDays</c>, counted
/// from the certification or the latest refresher since) and how long a refresher may be overdue before the officer's
/// authority is suspended (<c>RefresherGraceDays</c>). The defaults, a year and 90 days, are this service's: the terms
/// of an MOA are set here.
/// </summary>
public sealed record OfficerSettings : ISettings<OfficerSettings>
{
    public const string RefresherEverySetting = "Officers:RefresherEveryDays";
    public const string RefresherGraceSetting = "Officers:RefresherGraceDays";

    public static string Section => "Officers";

    [Range(1, 3650, ErrorMessage = "a number of days from 1 to 3650")]
    public int RefresherEveryDays { get; init; } = 365;

    [Range(0, 3650, ErrorMessage = "a number of days from 0 to 3650")]
    public int RefresherGraceDays { get; init; } = 90;

    /// <summary>The day a refresher falls due after training (certification or a refresher) on <paramref name="refreshedOn"/>.</summary>
    public DateOnly RefresherDueOn(DateOnly refreshedOn) => refreshedOn.AddDays(RefresherEveryDays);

    /// <summary>The first day the authority is suspended when no refresher follows training on <paramref name="refreshedOn"/>: the due date and the grace after it.</summary>
    public DateOnly RefresherOverdueOn(DateOnly refreshedOn) => RefresherDueOn(refreshedOn).AddDays(RefresherGraceDays);
}
