using EventSourcedAgreements.Cluster;
using EventSourcedAgreements.Core;
using EventSourcedAgreements.Hosting;
using EventSourcedAgreements.Idempotency;
using EventSourcedAgreements.Security;
using Microsoft.Extensions.Configuration;

namespace EventSourcedAgreements.Tests.Hosting;

/// <summary>Every feature reads its settings the same way: defaults when a key is absent, a refusal naming the key when a value cannot be used.</summary>
public sealed class SettingsTests
{
    [Fact]
    public void absent_keys_take_the_defaults()
    {
        var guards = Settings.Read<GuardSettings>(Configuration());

        guards.WritesPerMinute.ShouldBe(120);
        guards.RequestTimeout.ShouldBe(TimeSpan.FromSeconds(30));
        Settings.Read<IdempotencySettings>(Configuration()).Retention.ShouldBe(TimeSpan.FromHours(24));
        Settings.Read<ClusterSettings>(Configuration()).StaleNodeTimeout.ShouldBeNull();
    }

    [Fact]
    public void configured_values_are_read_by_their_keys()
    {
        Settings.Read<GuardSettings>(Configuration(("Guards:WritesPerMinute", "7"), ("Guards:UploadTimeout", "00:10:00")))
            .ShouldBe(new GuardSettings { WritesPerMinute = 7, UploadTimeout = TimeSpan.FromMinutes(10) });
        Settings.Read<ClusterSettings>(Configuration(("Cluster:StaleNodeTimeout", "00:00:20"))).StaleNodeTimeout.ShouldBe(TimeSpan.FromSeconds(20));
    }

    [Theory]
    [InlineData("Guards:WritesPerMinute", "0")]
    [InlineData("Guards:RequestTimeout", "00:00:00")]
    [InlineData("Idempotency:Retention", "-01:00:00")]
    public void a_value_out_of_its_limits_is_refused_naming_its_key(string key, string value)
    {
        var refused = Should.Throw<SettingsException>(() => ReadSection(key, value));

        refused.Message.ShouldContain(key);
        refused.Problems.ShouldHaveSingleItem().ShouldStartWith(key);
    }

    [Theory]
    [InlineData("Cluster:StaleNodeTimeout", "soon")]
    [InlineData("Guards:WritesPerMinute", "many")]
    public void a_value_that_cannot_be_read_is_refused_naming_its_key(string key, string value) =>
        Should.Throw<SettingsException>(() => ReadSection(key, value)).Message.ShouldContain(key);

    [Fact]
    public void the_database_is_required_and_its_connection_string_is_never_shown()
    {
        Should.Throw<SettingsException>(() => Settings.Read<DatabaseSettings>(Configuration())).Message.ShouldContain("ConnectionStrings:Postgres");

        var database = Settings.Read<DatabaseSettings>(Configuration(("ConnectionStrings:Postgres", "Host=db;Username=app;Password=secret-value")));

        database.ConnectionString.ShouldContain("secret-value");
        database.ToString().ShouldNotContain("secret-value");
    }

    /// <summary>The tools (db-apply, codegen, rebuild) read the auth settings without a key; a running service refuses to start without one.</summary>
    [Fact]
    public void auth_settings_are_read_without_a_key_and_checked_when_the_service_starts()
    {
        var auth = Settings.Read<AuthSettings>(Configuration(), isDevelopment: false, checkProblems: false);

        auth.SigningKey.ShouldBeNull();
        auth.Problems(isDevelopment: false).ShouldHaveSingleItem().ShouldContain("Auth:SigningKey");
    }

    private static object ReadSection(string key, string value) => key.Split(':')[0] switch
    {
        "Guards" => Settings.Read<GuardSettings>(Configuration((key, value))),
        "Idempotency" => Settings.Read<IdempotencySettings>(Configuration((key, value))),
        "Cluster" => Settings.Read<ClusterSettings>(Configuration((key, value))),
        _ => throw new ArgumentException($"No settings type for {key}.", nameof(key)),
    };

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
