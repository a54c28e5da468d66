using System.Globalization;
using EventSourcedAgreements.Agreements.Expiring;

namespace EventSourcedAgreements.Deadlines;

/// <summary>
/// What the deadlines do: whether they run at all (<c>Deadlines:Enabled</c>), how often the sweep looks for the deadlines
/// no message covers (<c>Deadlines:SweepEvery</c>, an hour by default) and how many days ahead of an expiry a reminder
/// is issued (<c>Reminders:WithinDays</c>, one or more windows, 90 days by default).
/// </summary>
public sealed record DeadlineSettings(bool Enabled, TimeSpan SweepEvery, IReadOnlyList<int> ReminderWindows)
{
    public const string EnabledSetting = "Deadlines:Enabled";
    public const string SweepEverySetting = "Deadlines:SweepEvery";
    public const string ReminderWindowsSetting = "Reminders:WithinDays";
    public const int MaxWindow = ListExpiringEndpoint.MaxWindow;

    public static readonly TimeSpan DefaultSweepEvery = TimeSpan.FromHours(1);

    /// <summary>The settings, or an exception at start that names the setting and what it accepts.</summary>
    public static DeadlineSettings From(IConfiguration configuration)
    {
        var sweepEvery = configuration.GetValue(SweepEverySetting, DefaultSweepEvery);
        _ = DeadlineSweep.CronFor(sweepEvery);
        return new DeadlineSettings(EnabledIn(configuration), sweepEvery, Windows(configuration.GetSection(ReminderWindowsSetting)));
    }

    /// <summary>Expiries, reminders and scheduled changes on their own (on by default): off, commands still record them by hand.</summary>
    public static bool EnabledIn(IConfiguration configuration) => configuration.GetValue(EnabledSetting, defaultValue: true);

    /// <summary>A list (<c>Reminders:WithinDays:0=90</c>, a JSON array) or one value with commas (<c>90,30</c>); distinct whole days from 1 to 3650, widest first.</summary>
    private static int[] Windows(IConfigurationSection section)
    {
        var texts = section.Value is { } value
            ? value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : section.GetChildren().Select(child => child.Value ?? string.Empty).ToArray();
        if (texts.Length == 0)
        {
            return [ListExpiringEndpoint.DefaultWindow];
        }

        var windows = texts
            .Select(text => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days is >= 1 and <= MaxWindow
                ? days
                : throw new InvalidOperationException($"{ReminderWindowsSetting}: '{text}' is not a number of days from 1 to {MaxWindow}."))
            .ToArray();
        return windows.Distinct().Count() == windows.Length
            ? [.. windows.OrderDescending()]
            : throw new InvalidOperationException($"{ReminderWindowsSetting}: a window is repeated ({string.Join(", ", windows)}).");
    }
}
