using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace EventSourcedAgreements.Webhooks;

/// <summary>
/// The <c>Webhooks</c> settings: whether events are delivered at all (<c>Enabled</c>, on by default; the registrations
/// work either way), the pauses between attempts (<c>RetryDelays</c>, comma-separated; one attempt more than pauses,
/// then the dead-letter queue), the receiver's time to answer (<c>Timeout</c>), how many deliveries run at once on a
/// node (<c>Parallelism</c>), and the network rules for receivers (<c>RequireHttps</c>, <c>AllowPrivateNetworks</c>:
/// https to public addresses only, unless Development says otherwise).
/// </summary>
public sealed record WebhookSettings : ISettings<WebhookSettings>
{
    public const string EnabledSetting = "Webhooks:Enabled";
    public const string RetryDelaysSetting = "Webhooks:RetryDelays";
    public const string DefaultRetryDelays = "00:00:10, 00:01:00, 00:05:00, 00:30:00, 02:00:00, 08:00:00";

    public static string Section => "Webhooks";

    public bool Enabled { get; init; } = true;

    /// <summary>The pauses as configured: durations separated by commas; read into <see cref="RetryDelays"/> when set.</summary>
    [ConfigurationKeyName("RetryDelays")]
    public string RetryDelaysText
    {
        get;
        init
        {
            field = value;
            RetryDelays = ParseDelays(value) ?? [];
        }
    } = DefaultRetryDelays;

    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00", ErrorMessage = "a duration from 1 ms to 1 hour, such as 00:00:10")]
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    [Range(1, 1024, ErrorMessage = "a number of deliveries from 1 to 1024")]
    public int Parallelism { get; init; } = 8;

    public bool RequireHttps { get; init; } = true;

    public bool AllowPrivateNetworks { get; init; }

    /// <summary>The pauses between attempts, in order (none when <see cref="RetryDelaysText"/> is refused; see <see cref="Problems"/>).</summary>
    public IReadOnlyList<TimeSpan> RetryDelays { get; private init; } = ParseDelays(DefaultRetryDelays)!;

    public int MaxAttempts => RetryDelays.Count + 1;

    public IEnumerable<string> Problems(bool isDevelopment)
    {
        if (ParseDelays(RetryDelaysText) is null)
        {
            yield return $"{RetryDelaysSetting}: '{RetryDelaysText}' is not a comma-separated list of positive durations such as '00:00:10, 00:01:00'.";
        }
    }

    private static TimeSpan[]? ParseDelays(string text)
    {
        var delays = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(item => TimeSpan.TryParse(item, CultureInfo.InvariantCulture, out var delay) && delay > TimeSpan.Zero ? delay : (TimeSpan?)null)
            .ToArray();
        return delays.Length > 0 && delays.All(delay => delay is not null) ? [.. delays.Select(delay => delay!.Value)] : null;
    }
}
