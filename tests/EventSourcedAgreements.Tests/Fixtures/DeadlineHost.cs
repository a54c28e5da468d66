using System.Text.Json;
using Alba;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Agreements.GettingLifecycle;
using EventSourcedAgreements.Deadlines;
using EventSourcedAgreements.Security;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Wolverine;

namespace EventSourcedAgreements.Tests.Fixtures;

/// <summary>
/// A host of a test's own for deadlines: its own database, a clock the test sets, deadlines on unless the settings say
/// otherwise, and a <see cref="Service"/> client for a program officer whose token is valid by that clock and by the
/// machine's.
/// </summary>
public sealed class DeadlineHost : IAsyncDisposable
{
    public const string ScheduledSql = "select count(*) from agreements.wolverine_incoming_envelopes where status = 'Scheduled' and message_type like ";

    /// <summary>How long a deadline may take to fire once due: Wolverine polls its stored scheduled messages every few seconds.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    public static readonly RequestAgreement Hernando = new("FL", "Hernando County Sheriff's Office", "County", "Hernando", "JEM", new DateOnly(2025, 3, 1));

    private DeadlineHost(IAlbaHost host, FakeTimeProvider clock, string database)
    {
        Host = host;
        Clock = clock;
        Database = database;
        var officer = TokenIssuer.Issue(host.Services.GetRequiredService<IOptions<AuthSettings>>().Value, Roles.ProgramOfficer, "Pat Officer", null, clock.GetUtcNow(), TimeSpan.FromDays(20 * 365));
        Service = new Service(host, officer);
    }

    public IAlbaHost Host { get; }

    public FakeTimeProvider Clock { get; }

    /// <summary>The connection string of the host's database.</summary>
    public string Database { get; }

    public Service Service { get; }

    public static async Task<DeadlineHost> StartAsync(string database, FakeTimeProvider clock, params (string Key, string Value)[] settings)
    {
        var host = await AlbaHost.For<Program>(builder =>
        {
            AppFixture.ConfigureForTests(builder, database, [(DeadlineSettings.EnabledSetting, "true"), .. settings]);
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock));
        });
        return new DeadlineHost(host, clock, database);
    }

    /// <summary>
    /// Requests and signs an agreement of the Hernando County Sheriff's Office and waits until the deadlines the signing
    /// schedules (through forwarded events) are stored.
    /// </summary>
    public async Task<Guid> SignedAsync(DateOnly? expiresOn, DateOnly? signedOn = null)
    {
        var id = Guid.Empty;
        await Service.TrackedAsync(async () => id = await Service.SignedAsync(Hernando, new SignAgreement(signedOn ?? new DateOnly(2025, 3, 2), null, expiresOn, null)), Patience);
        return id;
    }

    /// <summary>Sends a command and waits until the messages it sets off (the deadlines it schedules or cancels) are done.</summary>
    public async Task<AgreementAccepted> SendAsync<TCommand>(Guid id, TCommand command)
        where TCommand : notnull
    {
        AgreementAccepted? accepted = null;
        await Service.TrackedAsync(async () => accepted = await Service.SendAsync(id, command), Patience);
        return accepted!;
    }

    /// <summary>Sets the service's clock to <paramref name="now"/> and waits until the deadline <typeparamref name="TDeadline"/> that came due has been handled.</summary>
    public Task AdvanceUntilHandledAsync<TDeadline>(DateTimeOffset now)
        where TDeadline : notnull =>
        Service.UntilHandledAsync<TDeadline>(
            () =>
            {
                Clock.SetUtcNow(now);
                return Task.CompletedTask;
            },
            Patience);

    /// <summary>Handles <paramref name="message"/> now, as Wolverine would when it arrives.</summary>
    public async Task InvokeAsync(object message)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(message);
    }

    public Task<Agreement> DetailsAsync(Guid id) => Service.GetAsync<Agreement>($"/api/agreements/{id}");

    public Task<LifecycleEntry[]> LifecycleAsync(Guid id) => Service.GetAsync<LifecycleEntry[]>($"/api/agreements/{id}/lifecycle");

    /// <summary>The reminders the agreement's lifecycle records: (expiry date, days ahead, issued on).</summary>
    public async Task<List<(DateOnly ExpiresOn, int WithinDays, DateOnly IssuedOn)>> RemindersAsync(Guid id) =>
        [.. (await LifecycleAsync(id))
            .Where(e => e.Type == nameof(ExpiryReminderIssued))
            .Select(e => ((JsonElement)e.Data).Deserialize<ExpiryReminderIssued>(Service.Json)!)
            .Select(r => (r.ExpiresOn, r.WithinDays, r.IssuedOn))];

    /// <summary>How many <paramref name="messageType"/> messages Wolverine holds scheduled in the host's database (<paramref name="within"/>: due before then).</summary>
    public Task<long> ScheduledAsync(string messageType, TimeSpan? within = null) =>
        Sql.CountAsync(Database, $"{ScheduledSql}'%{messageType}%'" + (within is { } span ? $" and execution_time < now() + interval '{(long)span.TotalSeconds} seconds'" : ""));

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();

    /// <summary>
    /// Reads until <paramref name="done"/> holds, for at most a minute: for work that starts with the host (a deadline
    /// stored before a restart, the first sweep), which no tracked session can be open for.
    /// </summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, Func<Task<string>>? explain = null)
    {
        var value = await Eventually.ReadAsync(read, done, Patience);
        if (!done(value))
        {
            done(value).ShouldBeTrue($"not within a minute; last seen: {value}{(explain is null ? "" : $"; {await explain()}")}");
        }

        return value;
    }
}
