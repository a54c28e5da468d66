using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Development;
using EventSourcedAgreements.Hosting;
using EventSourcedAgreements.Participation.GettingParticipants;
using EventSourcedAgreements.Security;
using EventSourcedAgreements.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EventSourcedAgreements.Tests.Hosting;

/// <summary>
/// A primary and a streaming-replication standby, both real PostgreSQL servers from the local binaries
/// (<c>pg_basebackup -R</c>), and the service on a multi-host connection string with reads from the standby. With the
/// standby's replay paused, commands still succeed (they go to the primary) while the public questions do not see them
/// yet (they are answered on the standby); once replay resumes, they do.
/// </summary>
public sealed class ReadReplicaTests : IAsyncLifetime
{
    private const string Database = "agreements_replica";
    private readonly string primaryDirectory = Path.Combine(Path.GetTempPath(), $"agreements-primary-{Guid.NewGuid():N}");
    private readonly string standbyDirectory = Path.Combine(Path.GetTempPath(), $"agreements-standby-{Guid.NewGuid():N}");
    private LocalPostgres primary = null!;
    private LocalPostgres standby = null!;

    public async Task InitializeAsync()
    {
        var found = LocalPostgres.FindBinaries() ?? throw new InvalidOperationException(
            "This test needs the PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup) to build a primary and a standby; .ci/run installs them.");
        // The installation's own directory (where pg_basebackup is too), when initdb was found through a link to it.
        var binaries = new FileInfo(Path.Combine(found, "initdb")).ResolveLinkTarget(returnFinalTarget: true) is { } target
            ? Path.GetDirectoryName(target.FullName)!
            : found;
        primary = await LocalPostgres.StartAsync(binaries, primaryDirectory, deleteOnDispose: true, fsync: false, settings: [], CancellationToken.None);
        await ExecuteAsync(primary, "postgres", $"create database {Database}");
        await LocalPostgres.RunToolAsync(binaries, "pg_basebackup", ["-h", "127.0.0.1", "-p", primary.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "-D", standbyDirectory, "-R", "-X", "stream", "-c", "fast", "--no-sync"], CancellationToken.None);
        standby = await LocalPostgres.StartAsync(binaries, standbyDirectory, deleteOnDispose: true, fsync: false, settings: [], CancellationToken.None);
    }

    [Fact]
    public async Task commands_go_to_the_primary_and_the_public_questions_are_answered_on_the_standby()
    {
        var connectionString = $"Host=127.0.0.1:{primary.Port},127.0.0.1:{standby.Port};Username=postgres;Database={Database};Include Error Detail=true";
        await using var host = await AppFixture.StartHostAsync(connectionString, (DatabaseSettings.ReadFromStandbySetting, "true"));
        using var client = host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenIssuer.Issue(
            host.Services.GetRequiredService<IOptions<AuthSettings>>().Value, Roles.ProgramOfficer, "Pat Officer", null, DateTimeOffset.UtcNow, TimeSpan.FromHours(1)));
        (await ScalarAsync(standby, "select pg_is_in_recovery()")).ShouldBe(true);
        var id = await RequestAsync(client);
        await EventuallyAsync(async () => (await client.GetAsync(new Uri($"/api/agreements/{id}", UriKind.Relative))).StatusCode == HttpStatusCode.OK);
        await ExecuteAsync(standby, Database, "select pg_wal_replay_pause()");
        using var signed = await client.PostAsJsonAsync(new Uri($"/api/agreements/{id}/sign", UriKind.Relative), new { signedOn = "2019-01-22" });
        signed.StatusCode.ShouldBe(HttpStatusCode.OK, "the command reads and writes on the primary");
        (await ParticipantsAsync(client)).Count.ShouldBe(0, "the standby has not replayed the signing yet");
        (await ScalarAsync(primary, $"select count(*) from {EventStoreFeature.Schema}.participation_periods")).ShouldNotBe(0L);

        await ExecuteAsync(standby, Database, "select pg_wal_replay_resume()");

        await EventuallyAsync(async () => (await ParticipantsAsync(client)).Count == 1);
    }

    private static async Task<Guid> RequestAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync(new Uri("/api/agreements", UriKind.Relative), new
        {
            state = "FL",
            agencyName = "Hernando County Sheriff's Office",
            agencyType = "County",
            model = "JEM",
            requestedOn = "2019-01-02",
        });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<AgreementAccepted>(AppTest.Json))!.Id;
    }

    private static async Task<ParticipantsAnswer> ParticipantsAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<ParticipantsAnswer>(new Uri("/api/participants?asOf=2019-02", UriKind.Relative), AppTest.Json))!;

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the standby did not catch up in 20 s");
            await Task.Delay(100);
        }
    }

    private static async Task ExecuteAsync(LocalPostgres server, string database, string sql) => await ScalarAsync(server, sql, database);

    /// <summary>One statement on a connection of the test's own (no pool: the servers are stopped at the end).</summary>
    private static async Task<object?> ScalarAsync(LocalPostgres server, string sql, string database = Database)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = database, Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (standby is not null)
        {
            await standby.DisposeAsync();
        }

        if (primary is not null)
        {
            await primary.DisposeAsync();
        }
    }
}
