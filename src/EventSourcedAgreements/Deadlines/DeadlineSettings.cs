using System.Globalization;
using EventSourcedAgreements.Agreements.Expiring;

namespace EventSourcedAgreements.Deadlines;

/// <summary>
/// What the deadlines do: whether they run at all (<c>Deadlines:Enabled</c>), how often the sweep looks for the deadlines
/// no message covers (<c>Deadlines:SweepEvery</c>, an hour by default, a step that divides a day) and how many days ahead
/// of an expiry a reminder is issued (<c>Reminders:WithinDays</c>, one or more windows, 90 days by default).
/// </summary>
public sealed record DeadlineSettings : ISettings<DeadlineSettings>
{
    public const string EnabledSetting = "Deadlines:Enabled";
    public const string SweepEverySetting = "Deadlines:SweepEvery";
    public const string ReminderWindowsSetting = "Reminders:WithinDays";
    public const int MaxWindow = ListExpiringEndpoint.MaxWindow;

    public static readonly TimeSpan DefaultSweepEvery = TimeSpan.FromHours(1);

    public static string Section => "Deadlines";

    /// <summary>Expiries, reminders and scheduled changes on their own (on by default): off, commands still record them by hand.</summary>
    public bool Enabled { get; init; } = true;

    public TimeSpan SweepEvery { get; init; } = DefaultSweepEvery;

    /// <summary>The reminder windows in days, widest first (read from <c>Reminders:WithinDays</c>).</summary>
    public IReadOnlyList<int> ReminderWindows { get; init; } = [ListExpiringEndpoint.DefaultWindow];

    /// <summary>The <c>Deadlines</c> section, and the windows: a list (<c>Reminders:WithinDays:0=90</c>, a JSON array) or one value with commas (<c>90,30</c>).</summary>
    public static DeadlineSettings Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var windows = configuration.GetSection(ReminderWindowsSetting);
        var texts = windows.Value is { } value
            ? value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : windows.GetChildren().Select(child => child.Value ?? string.Empty).ToArray();
        return new DeadlineSettings
        {
            Enabled = section.GetValue(nameof(Enabled), defaultValue: true),
            SweepEvery = section.GetValue(nameof(SweepEvery), DefaultSweepEvery),
            ReminderWindows = texts.Length == 0 ? [ListExpiringEndpoint.DefaultWindow] : [.. texts.Select(Window).OrderDescending()],
        };
    }

    public IEnumerable<string> Problems(bool isDevelopment)
    {
        if (DeadlineSweep.StepRefusal(SweepEvery) is { } refusal)
        {
            yield return refusal;
        }

        if (ReminderWindows.Distinct().Count() != ReminderWindows.Count)
        {
            yield return $"{ReminderWindowsSetting}: a window is repeated ({string.Join(", ", ReminderWindows)}).";
        }
    }

    /// <summary>Whole days from 1 to 3650.</summary>
    private static int Window(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days is >= 1 and <= MaxWindow
            ? days
            : throw new InvalidOperationException($"{ReminderWindowsSetting}: '{text}' is not a number of days from 1 to {MaxWindow}.");
}
