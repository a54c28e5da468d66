using System.Net;
using System.Text.Json;
using Alba;
using EventSourcedAgreements.Deadlines;
using EventSourcedAgreements.Security;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EventSourcedAgreements.Tests.Fixtures;

/// <summary>
/// A host of a test's own for deadlines: its own database, a clock the test sets, deadlines on unless the settings say
/// otherwise, and commands sent as a program officer whose token is valid by that clock and by the machine's.
/// </summary>
public static class DeadlineHost
{
    public const string ScheduledSql = "select count(*) from agreements.wolverine_incoming_envelopes where status = 'Scheduled' and message_type like ";

    public static Task<IAlbaHost> StartAsync(string connectionString, TimeProvider clock, params (string Key, string Value)[] settings) =>
        AlbaHost.For<Program>(builder =>
        {
            AppFixture.ConfigureForTests(builder, connectionString, [(DeadlineSettings.EnabledSetting, "true"), .. settings]);
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        });

    public static async Task<Guid> SignedAsync(IAlbaHost host, TimeProvider clock, string? expiresOn, string signedOn = "2025-03-02")
    {
        var request = new { state = "FL", agencyName = "Hernando County Sheriff's Office", agencyType = "County", county = "Hernando", model = "JEM", requestedOn = "2025-03-01" };
        var id = (await PostAsync(host, clock, "/api/agreements", request, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await PostAsync(host, clock, $"/api/agreements/{id}/sign", new { signedOn, expiresOn });
        return id;
    }

    public static async Task<JsonElement> PostAsync(IAlbaHost host, TimeProvider clock, string url, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var token = TokenIssuer.Issue(host.Services.GetRequiredService<IOptions<AuthSettings>>().Value, Roles.ProgramOfficer, "Pat Officer", null, clock.GetUtcNow(), TimeSpan.FromDays(20 * 365));
        var result = await host.Scenario(s =>
        {
            s.Post.Json(body).ToUrl(url);
            s.WithRequestHeader("Authorization", $"Bearer {token}");
            s.StatusCodeShouldBe(expected);
        });
        return result.ReadAsJson<JsonElement>();
    }

    /// <summary>Handles <paramref name="message"/> now, as Wolverine would when it arrives.</summary>
    public static async Task InvokeAsync(IAlbaHost host, object message)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Wolverine.IMessageBus>().InvokeAsync(message);
    }

    public static Task<JsonElement> DetailsAsync(IAlbaHost host, Guid id) => GetAsync(host, $"/api/agreements/{id}");

    public static async Task<JsonElement[]> LifecycleAsync(IAlbaHost host, Guid id) =>
        [.. (await GetAsync(host, $"/api/agreements/{id}/lifecycle")).EnumerateArray()];

    public static async Task<JsonElement> GetAsync(IAlbaHost host, string url) =>
        (await host.Scenario(s => s.Get.Url(url))).ReadAsJson<JsonElement>();

    /// <summary>Reads until <paramref name="done"/> holds, for at most a minute (Wolverine polls its scheduled messages every few seconds).</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var value = await Eventually.ReadAsync(read, done, TimeSpan.FromMinutes(1));
        done(value).ShouldBeTrue($"not within a minute; last seen: {value}");
        return value;
    }
}
