using System.Net;
using Alba;
using EventSourcedAgreements.Auditing;
using EventSourcedAgreements.Deadlines;
using EventSourcedAgreements.Hosting;
using EventSourcedAgreements.Idempotency;
using EventSourcedAgreements.Participation.Summarizing;
using EventSourcedAgreements.Resetting;
using EventSourcedAgreements.Security;
using EventSourcedAgreements.Tests.Fixtures;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Wolverine.Marten;

namespace EventSourcedAgreements.Tests.Resetting;

/// <summary>
/// <c>reset</c> on databases without the purge switch the test databases have, as a developer's: in Development it
/// leaves every table of the store empty and the next start begins as a first run; in any other environment it refuses
/// and changes nothing.
/// </summary>
[Collection(AppFixtureDefinition.Name)]
public sealed class ResetStoreTests(AppFixture app)
{
    private const string SigningKey = "signing key of the reset tests, at least 32 bytes";

    [Fact]
    public async Task in_development_reset_empties_every_table_of_the_store_and_the_next_start_begins_as_a_first_run()
    {
        var database = await app.Postgres.CreateDatabaseAsync(allowPurge: false);
        ResetOutcome outcome;
        await using (var host = await AppFixture.StartHostAsync(database, (DeadlineSettings.EnabledSetting, "true")))
        {
            await RecordSomethingEverywhereAsync(host, database);
            var before = await TableCountsAsync(database);
            foreach (var table in new[] { "mt_events", "mt_streams", TamperEvidence.HashesTable, TamperEvidence.AnchorsTable, "participation_periods", "participation_changes", IdempotencyKeys.Table, "wolverine_incoming_envelopes" })
            {
                before.GetValueOrDefault(table).ShouldBeGreaterThan(0, $"{table} before the reset");
            }

            // The command runs on a host it builds and never starts; this one is started, so its daemon stops first.
            await host.PauseThenCatchUpOnMartenDaemonActivityAsync(CatchUpMode.AndDoNothing, TimeSpan.FromSeconds(30));
            outcome = await ResetStore.RunAsync(host.Services, CancellationToken.None);
        }

        outcome.Reset.ShouldBeTrue(outcome.Message);
        outcome.Message.ShouldContain("dropped the schema agreements (2 events, 1 anchor) and created it again, empty");
        (await TableCountsAsync(database)).Where(t => t.Value > 0).ShouldBeEmpty();

        await using var next = await AppFixture.StartHostAsync(database, ("FirstRun:Import", "true"));
        var summary = (await next.Scenario(s => s.Get.Url("/api/participants/summary?asOf=2019-05-20"))).ReadAsJson<ParticipationSummary>()!;
        summary.Sentence.ShouldBe("80 JEM agreements in 21 states, 10 WSO agreements in Florida");
        var verified = await next.Scenario(s =>
        {
            s.Get.Url("/api/audit/verify");
            s.WithRequestHeader("Authorization", $"Bearer {Token(next, Roles.Auditor)}");
        });
        var chain = verified.ReadAsJson<EventSourcedAgreements.Auditing.Verifying.StoreVerificationResult>()!;
        chain.Intact.ShouldBeTrue();
        chain.EventsChecked.ShouldBeGreaterThan(90);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task outside_development_reset_refuses_names_the_environment_and_changes_nothing(string environment)
    {
        var database = await app.Postgres.CreateDatabaseAsync(allowPurge: false);
        await using (var host = await AppFixture.StartHostAsync(database, (DeadlineSettings.EnabledSetting, "true")))
        {
            await RecordSomethingEverywhereAsync(host, database);
        }

        var before = await TableCountsAsync(database);

        var (exitCode, output) = await ServiceCommandLine.RunAsync(environment, database, SigningKey, "reset");

        exitCode.ShouldBe(1, output);
        output.ShouldContain($"reset empties the store and runs in Development only; this is {environment}: nothing was changed.");
        (await TableCountsAsync(database)).ShouldBe(before);
    }

    /// <summary>An agreement signed with a deadline ahead (events, hashes, participation rows, a scheduled message), sent with an idempotency key, and an anchor.</summary>
    private static async Task RecordSomethingEverywhereAsync(IAlbaHost host, string database)
    {
        var officer = new Service(host, Token(host, Roles.ProgramOfficer));
        var requested = await host.Scenario(s =>
        {
            s.Post.Json(new RequestAgreement("FL", "Marion County Sheriff's Office", null, null, "JEM", new DateOnly(2019, 1, 2))).ToUrl(CommandRoute.For<RequestAgreement>(Guid.Empty));
            s.WithRequestHeader("Authorization", $"Bearer {officer.Token}");
            s.WithRequestHeader(IdempotencyKeys.Header, "reset-test");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });
        var id = requested.ReadAsJson<EventSourcedAgreements.Agreements.AgreementAccepted>()!.Id;
        // The signing's events are forwarded to the handler that schedules the expiry: tracked until it is done.
        await officer.TrackedAsync(() => officer.SendAsync(id, new SignAgreement(new DateOnly(2019, 1, 22), null, new DateOnly(2029, 1, 22), null)), TimeSpan.FromSeconds(30));
        await officer.PostAsync("/api/audit/anchors", null, HttpStatusCode.Created);
        (await Sql.CountAsync(database, $"{DeadlineHost.ScheduledSql} '%ExpiryDue%'")).ShouldBeGreaterThan(0, "the expiry's scheduled message");
    }

    /// <summary>The number of rows of every table of the store's schema.</summary>
    private static async Task<Dictionary<string, long>> TableCountsAsync(string database)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            $"""
            select table_name,
                   (xpath('/row/c/text()', query_to_xml(format('select count(*) as c from %I.%I', table_schema, table_name), false, true, '')))[1]::text::bigint
            from information_schema.tables
            where table_schema = '{EventStoreFeature.Schema}' and table_type = 'BASE TABLE'
            """,
            connection);
        var counts = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    private static string Token(IAlbaHost host, string role) =>
        TokenIssuer.Issue(host.Services.GetRequiredService<IOptions<AuthSettings>>().Value, role, $"{role} in the reset tests", null, DateTimeOffset.UtcNow, TimeSpan.FromHours(1));
}
