using System.Net;
using System.Text;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Webhooks;
using EventSourcedAgreements.Webhooks.Delivering;
using Microsoft.Extensions.Configuration;

namespace EventSourcedAgreements.Tests.Webhooks;

/// <summary>The pure parts of webhooks: the address rules, the signature, a delivery's status after an attempt, the settings.</summary>
public sealed class WebhookRuleTests
{
    private static readonly WebhookSettings Production = Settings();

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("151.101.1.69", true)]
    [InlineData("2606:4700:4700::1111", true)]
    [InlineData("127.0.0.1", false)]
    [InlineData("127.255.0.9", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("172.32.0.1", true)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("::1", false)]
    [InlineData("::", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("ff02::1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("::ffff:8.8.8.8", true)]
    [InlineData("2001:db8::1", false)]
    [InlineData("64:ff9b::a9fe:a9fe", false)]
    [InlineData("64:ff9b:1::1", false)]
    [InlineData("2002:a9fe:a9fe::1", false)]
    [InlineData("2001:0:4136:e378::1", false)]
    [InlineData("2001:4860:4860::8888", true)]
    public void only_public_addresses_may_receive_deliveries(string address, bool isPublic) =>
        WebhookTargets.IsPublic(IPAddress.Parse(address)).ShouldBe(isPublic);

    [Theory]
    [InlineData("https://hooks.example.org/agreements", null)]
    [InlineData("https://8.8.8.8/hooks", null)]
    [InlineData("http://hooks.example.org/agreements", "https")]
    [InlineData("https://LOCALHOST/hooks", "this machine")]
    [InlineData("https://api.localhost./hooks", "this machine")]
    [InlineData("https://[::ffff:127.0.0.1]/hooks", "not a public address")]
    [InlineData("https://hooks.example.org/#fragment", "fragment")]
    public void a_receiver_url_is_checked_before_it_is_stored(string url, string? refusal)
    {
        var answer = WebhookTargets.Refusal(new Uri(url), Production);

        if (refusal is null)
        {
            answer.ShouldBeNull();
        }
        else
        {
            answer.ShouldNotBeNull().ShouldContain(refusal);
        }
    }

    [Fact]
    public void development_allows_plain_http_to_this_machine()
    {
        var development = Production with { RequireHttps = false, AllowPrivateNetworks = true };

        WebhookTargets.Refusal(new Uri("http://127.0.0.1:5099/hooks"), development).ShouldBeNull();
        WebhookTargets.Refusal(new Uri("ftp://127.0.0.1/hooks"), development).ShouldNotBeNull();
    }

    /// <summary>
    /// The event types a subscription may name are the agreement's and its officers': those they are created from or
    /// fold (so a new event cannot be left out).
    /// </summary>
    [Fact]
    public void every_event_an_agreement_or_an_officer_folds_is_a_webhook_event_type()
    {
        var folded = typeof(Agreement).GetMethods(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)
            .Where(m => m.Name == "When" && m.GetParameters() is [{ ParameterType: var type }] && type != typeof(object))
            .Select(m => m.GetParameters()[0].ParameterType)
            .Append(typeof(AgreementRequested));
        var officers = typeof(Officer).GetMethods(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public)
            .Where(m => m.Name == "Apply")
            .Select(m => m.GetParameters()[0].ParameterType)
            .Append(typeof(OfficerNominated));

        WebhookKinds.Types.ShouldBe([.. folded, .. officers], ignoreOrder: true);
    }

    [Fact]
    public void the_signature_is_the_hex_hmac_sha256_of_the_body_under_the_secret()
    {
        // The published HMAC-SHA256 example: key "key", message "The quick brown fox jumps over the lazy dog".
        WebhookSignature.Sign("key", Encoding.UTF8.GetBytes("The quick brown fox jumps over the lazy dog"))
            .ShouldBe("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    }

    [Theory]
    [InlineData(200, false, DeliveryStatus.Delivered)]
    [InlineData(204, true, DeliveryStatus.Delivered)]
    [InlineData(500, false, DeliveryStatus.Retrying)]
    [InlineData(302, false, DeliveryStatus.Retrying)]
    [InlineData(410, true, DeliveryStatus.DeadLettered)]
    [InlineData(null, true, DeliveryStatus.DeadLettered)]
    public void a_delivery_after_an_attempt(int? status, bool last, DeliveryStatus expected)
    {
        var pending = new WebhookDelivery("s.e", Guid.NewGuid(), Guid.NewGuid(), 7, Guid.NewGuid(), "AgreementSigned", DeliveryStatus.Pending, DateTimeOffset.UnixEpoch, []);
        var attempt = new DeliveryAttempt(1, DateTimeOffset.UnixEpoch, status, status is null ? "refused" : null, 12.5);

        var after = pending.After(attempt, last);

        after.Status.ShouldBe(expected);
        after.Attempts.ShouldBe([attempt]);
        pending.Attempts.ShouldBeEmpty();
    }

    [Fact]
    public void the_settings_default_to_six_pauses_and_refuse_a_list_that_is_not_one()
    {
        Production.RetryDelays.ShouldBe([TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(8)]);
        Production.MaxAttempts.ShouldBe(7);
        Production.RequireHttps.ShouldBeTrue();
        Production.AllowPrivateNetworks.ShouldBeFalse();
        Settings(("Webhooks:RetryDelays", "00:00:01,00:00:02")).RetryDelays.ShouldBe([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)]);
        Should.Throw<InvalidOperationException>(() => Settings(("Webhooks:RetryDelays", "soon"))).Message.ShouldContain("Webhooks:RetryDelays");
        Should.Throw<InvalidOperationException>(() => Settings(("Webhooks:RetryDelays", "00:00:01,-00:00:01")));
        Should.Throw<InvalidOperationException>(() => Settings(("Webhooks:Parallelism", "0")));
    }

    private static WebhookSettings Settings(params (string Key, string Value)[] values) =>
        Core.Settings.Read<WebhookSettings>(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build());
}
