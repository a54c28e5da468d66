using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Deadlines;
using Microsoft.Extensions.Configuration;

namespace EventSourcedAgreements.Tests.Agreements;

/// <summary>The reminder and sweep decisions, without a database: what is due on a day, once per window and expiry date.</summary>
public sealed class ExpiryReminderDecisionTests
{
    private static readonly Guid Id = Guid.CreateVersion7();
    private static readonly DateOnly Expiry = new(2025, 6, 30);
    private static readonly int[] Ninety = [90];
    private static readonly int[] NinetyAndThirty = [90, 30];

    private static Agreement Requested => Agreement.Start(new AgreementRequested(
        Id, "fl-hernando-county-sheriffs-office", "FL", "Hernando County Sheriff's Office", AgencyType.County, "Hernando", SupportModel.JEM, new DateOnly(2025, 1, 2)));

    private static Agreement Active => Requested.Next(new AgreementSigned(new DateOnly(2025, 1, 22), null, Expiry));

    private static DateOnly DaysBefore(int days) => Expiry.AddDays(-days);

    [Theory]
    [InlineData(91, null)]
    [InlineData(90, 90)]
    [InlineData(30, 90)]
    [InlineData(1, 90)]
    [InlineData(0, null)]
    [InlineData(-5, null)]
    public void the_window_is_due_from_its_first_day_until_the_expiry(int daysLeft, int? due) =>
        ExpiryReminder.DueWindow(Active, Ninety, DaysBefore(daysLeft)).ShouldBe(due);

    [Theory]
    [InlineData(60, 90)]
    [InlineData(30, 30)]
    [InlineData(20, 30)]
    public void when_several_windows_hold_only_the_narrowest_is_due(int daysLeft, int due) =>
        ExpiryReminder.DueWindow(Active, NinetyAndThirty, DaysBefore(daysLeft)).ShouldBe(due);

    [Fact]
    public void a_reminder_is_issued_once_per_window_and_expiry_date()
    {
        var today = DaysBefore(60);
        var decision = ExpiryReminder.Decide(new ReminderDue(Id, Expiry, 90), Active, Ninety, today);

        decision.Events.ShouldBe([new ExpiryReminderIssued(Expiry, 90, today)]);
        var reminded = Active.Next(decision.Events[0]);
        ExpiryReminder.DueWindow(reminded, Ninety, today).ShouldBeNull();
        ExpiryReminder.Decide(new ReminderDue(Id, Expiry, 90), reminded, Ninety, today.AddDays(1)).Problem!.Title.ShouldBe("Already reminded");
        ExpiryReminder.DueWindow(reminded, NinetyAndThirty, DaysBefore(30)).ShouldBe(30);
    }

    [Fact]
    public void a_reminder_changes_nothing_of_the_agreement_but_its_version_and_the_reminders()
    {
        var reminded = Active.Next(new ExpiryReminderIssued(Expiry, 90, DaysBefore(90)));

        reminded.ShouldBe(Active with { Version = Active.Version + 1, ExpiryReminders = new ExpiryReminders(Expiry, [90]) });
        reminded.Reminded(90).ShouldBeTrue();
        reminded.Reminded(30).ShouldBeFalse();
    }

    [Fact]
    public void a_moved_expiry_date_makes_its_reminders_due_again()
    {
        var reminded = Active.Next(new ExpiryReminderIssued(Expiry, 90, DaysBefore(60)));
        var renewed = reminded.Next(new AgreementRenewed(DaysBefore(50), null, Expiry.AddDays(20), new DateOnly(2025, 1, 22)));
        var today = DaysBefore(50);

        renewed.Reminded(90).ShouldBeFalse();
        ExpiryReminder.DueWindow(renewed, Ninety, today).ShouldBe(90);
        ExpiryReminder.Decide(new ReminderDue(Id, Expiry, 90), renewed, Ninety, today).Problem!.Title.ShouldBe("Expiry date moved");
        ExpiryReminder.Decide(new ReminderDue(Id, Expiry.AddDays(20), 90), renewed, Ninety, today).Events
            .ShouldBe([new ExpiryReminderIssued(Expiry.AddDays(20), 90, today)]);
    }

    [Fact]
    public void no_reminder_without_an_expiry_date_after_the_end_or_for_a_window_not_configured()
    {
        var today = DaysBefore(60);
        var noExpiry = Requested.Next(new AgreementSigned(new DateOnly(2025, 1, 22), null, null));
        var terminated = Active.Next(new AgreementTerminated(new DateOnly(2025, 3, 1), TerminationInitiator.ICE, "audit"));
        var expired = Active.Next(new AgreementExpired(Expiry));

        ExpiryReminder.DueWindow(noExpiry, Ninety, today).ShouldBeNull();
        ExpiryReminder.DueWindow(terminated, Ninety, today).ShouldBeNull();
        ExpiryReminder.DueWindow(expired, Ninety, Expiry.AddDays(1)).ShouldBeNull();
        ExpiryReminder.DueWindow(Requested, Ninety, today).ShouldBeNull();
        ExpiryReminder.Decide(new ReminderDue(Id, Expiry, 90), terminated, Ninety, today).Problem!.Title.ShouldBe("Transition not allowed");
        ExpiryReminder.Decide(new ReminderDue(Id, Expiry, 120), Active, Ninety, today).Problem!.Title.ShouldBe("Not a reminder window");
        ExpiryReminder.Decide(new ReminderDue(Id, Expiry, 90), Active, NinetyAndThirty, DaysBefore(20)).Problem!.Title.ShouldBe("Not in the window");
        ExpiryReminder.Decide(new ReminderDue(Id, Expiry, 90), Active, Ninety, DaysBefore(91)).Problem!.Title.ShouldBe("Not in the window");
    }

    [Fact]
    public void the_sweep_sends_the_expiry_of_an_agreement_past_its_date_and_the_reminder_of_one_inside_a_window()
    {
        var today = DaysBefore(10);
        var past = Active with { Id = Guid.CreateVersion7(), ExpiresOn = today };
        var reminded = Active.Next(new ExpiryReminderIssued(Expiry, 90, DaysBefore(90))) with { Id = Guid.CreateVersion7() };

        DeadlineSweep.Due([past, Active, reminded], NinetyAndThirty, today).ShouldBe(
        [
            new ExpiryDue(past.Id, today),
            new ReminderDue(Active.Id, Expiry, 30),
            new ReminderDue(reminded.Id, Expiry, 30),
        ]);
    }

    [Theory]
    [InlineData("01:00:00", "0 0 */1 * * *")]
    [InlineData("00:15:00", "0 */15 * * * *")]
    [InlineData("00:00:01", "*/1 * * * * *")]
    [InlineData("06:00:00", "0 0 */6 * * *")]
    [InlineData("1.00:00:00", "0 0 0 * * *")]
    public void the_sweep_interval_becomes_a_cron_schedule(string every, string cron) =>
        DeadlineSweep.CronFor(TimeSpan.Parse(every, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(cron);

    [Theory]
    [InlineData("00:07:00")]
    [InlineData("05:00:00")]
    [InlineData("00:00:00.5")]
    [InlineData("2.00:00:00")]
    [InlineData("00:00:00")]
    public void a_sweep_interval_that_does_not_divide_a_day_is_refused_at_start(string every) =>
        Should.Throw<InvalidOperationException>(() => Core.Settings.Read<DeadlineSettings>(Settings((DeadlineSettings.SweepEverySetting, every))))
            .Message.ShouldContain(DeadlineSettings.SweepEverySetting);

    [Fact]
    public void reminder_windows_default_to_ninety_days_and_are_read_as_a_list_or_with_commas()
    {
        Core.Settings.Read<DeadlineSettings>(Settings()).ReminderWindows.ShouldBe([90]);
        Core.Settings.Read<DeadlineSettings>(Settings(("Reminders:WithinDays:0", "30"), ("Reminders:WithinDays:1", "90"))).ReminderWindows.ShouldBe([90, 30]);
        Core.Settings.Read<DeadlineSettings>(Settings((DeadlineSettings.ReminderWindowsSetting, "30, 90,7"))).ReminderWindows.ShouldBe([90, 30, 7]);
        Core.Settings.Read<DeadlineSettings>(Settings()).SweepEvery.ShouldBe(TimeSpan.FromHours(1));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("3651")]
    [InlineData("ninety")]
    [InlineData("90,90")]
    public void a_reminder_window_out_of_range_or_repeated_is_refused_at_start(string windows) =>
        Should.Throw<InvalidOperationException>(() => Core.Settings.Read<DeadlineSettings>(Settings((DeadlineSettings.ReminderWindowsSetting, windows))))
            .Message.ShouldContain(DeadlineSettings.ReminderWindowsSetting);

    private static IConfiguration Settings(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
}
