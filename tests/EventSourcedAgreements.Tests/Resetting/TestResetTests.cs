using System.Net;
using EventSourcedAgreements.Security;
using EventSourcedAgreements.Tests.Fixtures;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace EventSourcedAgreements.Tests.Resetting;

/// <summary>
/// The reset every test starts from (<see cref="AppFixture.ResetAsync"/>) leaves nothing of the test before it: after a
/// list, commands, an idempotent retry and an anchor, every table of the store's schemas is empty but Wolverine's, and the
/// projections' progress is back at the start.
/// </summary>
public sealed class TestResetTests(AppFixture app) : AppTest(app)
{
    [Fact]
    public async Task the_reset_between_tests_empties_every_table_of_the_record()
    {
        (await ImportPublished("ice-287g-page-2019-05-20.txt", "2019-05-20")).Status.ShouldBe(HttpStatusCode.Created);
        var id = await Service.RequestAsync(new RequestAgreement("FL", "Nassau County Sheriff's Office", "County", "Nassau", "WSO", new DateOnly(2019, 6, 1)));
        await App.Host.Scenario(s =>
        {
            s.Post.Json(new SignAgreement(new DateOnly(2019, 6, 3), null, null, null)).ToUrl($"/api/agreements/{id}/sign");
            s.WithRequestHeader("Authorization", $"Bearer {Officer}");
            s.WithRequestHeader(EventSourcedAgreements.Idempotency.IdempotencyKeys.Header, "reset-test");
        });
        await Service.PostAsync("/api/audit/anchors", null, HttpStatusCode.Created, App.TokenFor(Roles.Auditor));
        var filled = await TablesWithRowsAsync();
        filled.ShouldContain(table => table.EndsWith(".event_hashes", StringComparison.Ordinal));
        filled.ShouldContain(table => table.EndsWith(".store_anchors", StringComparison.Ordinal));
        filled.ShouldContain(table => table.EndsWith(".idempotency_keys", StringComparison.Ordinal));
        filled.ShouldContain(table => table.EndsWith(".participation_periods", StringComparison.Ordinal));

        await App.ResetAsync();

        // The projection daemon, resumed, may record its progress again: from the start.
        (await TablesWithRowsAsync()).ShouldBeSubsetOf(["agreements.mt_event_progression"]);
        (await App.CountAsync("select count(*) from agreements.mt_event_progression where last_seq_id > 0")).ShouldBe(0);
    }

    /// <summary>The tables of the store's schemas holding a row, Wolverine's aside (its nodes and messages belong to the running host).</summary>
    private async Task<List<string>> TablesWithRowsAsync()
    {
        var schemas = App.Host.Services.GetRequiredService<IDocumentStore>().Storage.Database.AllSchemaNames();
        var tables = new List<string>();
        await using var connection = new Npgsql.NpgsqlConnection(App.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using (var command = new Npgsql.NpgsqlCommand(
            "select format('%I.%I', schemaname, tablename) from pg_tables where schemaname = any(@schemas) and tablename not like 'wolverine%' order by 1", connection))
        {
            command.Parameters.AddWithValue("schemas", schemas);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var filled = new List<string>();
        foreach (var table in tables)
        {
            await using var any = new Npgsql.NpgsqlCommand($"select exists (select from {table})", connection);
            if (await any.ExecuteScalarAsync() is true)
            {
                filled.Add(table);
            }
        }

        return filled;
    }
}
