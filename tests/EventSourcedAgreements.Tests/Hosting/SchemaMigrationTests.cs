using System.Net;
using Alba;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Auditing;
using EventSourcedAgreements.Hosting;
using EventSourcedAgreements.Idempotency;
using EventSourcedAgreements.Security;
using EventSourcedAgreements.Tests.Fixtures;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EventSourcedAgreements.Tests.Hosting;

/// <summary>
/// Outside Development the service never changes the schema: <c>db-apply</c>, run as its own process the way an
/// operator runs it, creates everything, including the hash chain and the idempotency keys, and <c>db-assert</c> checks it.
/// </summary>
[Collection(AppFixtureDefinition.Name)]
public sealed class SchemaMigrationTests(AppFixture app)
{
    private const string SigningKey = "signing key of the schema migration tests, 48 bytes";

    [Fact]
    public async Task production_refuses_to_start_on_a_database_that_was_not_migrated_and_names_db_apply()
    {
        var database = await app.Postgres.CreateDatabaseAsync();

        var failure = await Should.ThrowAsync<SchemaNotAppliedException>(() => StartProductionAsync(database));

        failure.Message.ShouldContain("db-apply");
        failure.InnerException.ShouldBeOfType<Weasel.Core.Migrations.DatabaseValidationException>();
        (await Sql.ScalarAsync<long>(database, $"select count(*) from pg_namespace where nspname = '{EventStoreFeature.Schema}'")).ShouldBe(0);
    }

    [Fact]
    public async Task after_db_apply_db_assert_passes_and_a_production_node_records_commands_into_the_hash_chain()
    {
        var database = await app.Postgres.CreateDatabaseAsync();
        (await RunAsync(database, "db-assert")).ExitCode.ShouldNotBe(0);

        var applied = await RunAsync(database, "db-apply");
        applied.ExitCode.ShouldBe(0, applied.Output);
        var asserted = await RunAsync(database, "db-assert");
        asserted.ExitCode.ShouldBe(0, asserted.Output);

        await using var host = await StartProductionAsync(database);
        var token = TokenIssuer.Issue(host.Services.GetRequiredService<IOptions<AuthSettings>>().Value, Roles.ProgramOfficer, "Pat Officer", null, DateTimeOffset.UtcNow, TimeSpan.FromHours(1));
        var created = await host.Scenario(s =>
        {
            s.Post.Json(new { state = "FL", agencyName = "Hernando County Sheriff's Office", model = "JEM", requestedOn = "2019-01-02" }).ToUrl("/api/agreements");
            s.WithRequestHeader("Authorization", $"Bearer {token}");
            s.WithRequestHeader(IdempotencyKeys.Header, "schema-migration-test");
            s.StatusCodeShouldBe(HttpStatusCode.Created);
        });
        var id = created.ReadAsJson<AgreementAccepted>()!.Id;

        (await Sql.ScalarAsync<long>(database, $"select count(*) from {EventStoreFeature.Schema}.{TamperEvidence.HashesTable} where stream_id = '{id}'")).ShouldBe(1);
        (await Sql.ScalarAsync<long>(database, $"select count(*) from {EventStoreFeature.Schema}.{IdempotencyKeys.Table}")).ShouldBe(1);
    }

    [Fact]
    public async Task the_schema_check_finds_a_changed_script_or_a_disabled_trigger_and_applying_again_repairs_it()
    {
        var database = await app.Postgres.CreateDatabaseAsync();
        await using (await AppFixture.StartHostAsync(database))
        {
        }

        await using var host = await StartProductionAsync(database);
        await StoreSchema.AssertAsync(host.Services, CancellationToken.None);

        await ExecuteAsync(database, $"comment on function {EventStoreFeature.Schema}.{TamperEvidenceSchema.VersionFunction}() is 'tamper evidence of an older version'");
        await Should.ThrowAsync<SchemaNotAppliedException>(() => StoreSchema.AssertAsync(host.Services, CancellationToken.None));
        await host.Services.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await StoreSchema.AssertAsync(host.Services, CancellationToken.None);

        await ExecuteAsync(database, $"alter table {EventStoreFeature.Schema}.mt_events disable trigger mt_chain_event");
        await Should.ThrowAsync<SchemaNotAppliedException>(() => StoreSchema.AssertAsync(host.Services, CancellationToken.None));
        await host.Services.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await StoreSchema.AssertAsync(host.Services, CancellationToken.None);
    }

    [Fact]
    public async Task a_second_start_in_development_leaves_the_triggers_on_the_events_table_in_place()
    {
        var database = await app.Postgres.CreateDatabaseAsync();
        var triggers = $"select string_agg(tgname || '=' || oid, ',' order by tgname) from pg_trigger where tgrelid = '{EventStoreFeature.Schema}.mt_events'::regclass and not tgisinternal";

        await using (await AppFixture.StartHostAsync(database))
        {
        }

        var first = await Sql.ScalarAsync<string>(database, triggers);
        await using (await AppFixture.StartHostAsync(database))
        {
        }

        var second = await Sql.ScalarAsync<string>(database, triggers);
        first.ShouldNotBeNull().ShouldContain("mt_chain_event=");
        second.ShouldBe(first);
    }

    private static Task<IAlbaHost> StartProductionAsync(string connectionString) =>
        AlbaHost.For<Program>(builder =>
        {
            AppFixture.ConfigureForTests(builder, connectionString, [("Auth:SigningKey", SigningKey)]);
            builder.UseEnvironment("Production");
        });

    /// <summary>Runs the service's own command line, as an operator would, in Production on <paramref name="connectionString"/>.</summary>
    private static Task<(int ExitCode, string Output)> RunAsync(string connectionString, params string[] arguments) =>
        ServiceCommandLine.RunAsync("Production", connectionString, SigningKey, arguments);

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
