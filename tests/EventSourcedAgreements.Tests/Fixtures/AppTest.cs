using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alba;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Security;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace EventSourcedAgreements.Tests.Fixtures;

[Collection(AppFixtureDefinition.Name)]
public abstract class AppTest(AppFixture app) : IAsyncLifetime
{
    public static JsonSerializerOptions Json => Service.Json;

    protected AppFixture App => app;

    protected string Officer => app.TokenFor(Roles.ProgramOfficer, name: "Pat Officer");

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    protected static object HernandoJem => new
    {
        state = "FL",
        agencyName = "Hernando County Sheriff's Office",
        agencyType = "County",
        county = "Hernando",
        model = "JEM",
        requestedOn = "2019-01-02",
    };

    /// <summary>The service as the program officer <see cref="Officer"/> uses it.</summary>
    protected Service Service => new(app.Host, Officer);

    protected Task<IScenarioResult> Send(string url, object? body, string? token, HttpStatusCode expected, string method = "POST") =>
        Service.ExchangeAsync(new HttpMethod(method), url, body, expected, token ?? Service.Anonymous);

    protected async Task<AgreementAccepted> Command(string url, object body, HttpStatusCode expected = HttpStatusCode.OK, string? token = null) =>
        (await Service.PostAsync(url, body, expected, token)).ReadAsJson<AgreementAccepted>()!;

    /// <summary>Sends the command record to its endpoint's route for agreement <paramref name="id"/> (<see cref="CommandRoute"/>).</summary>
    protected Task<AgreementAccepted> Send<TCommand>(Guid id, TCommand command, HttpStatusCode expected = HttpStatusCode.OK, string? token = null)
        where TCommand : notnull =>
        Service.SendAsync(id, command, expected, token);

    /// <summary>Sends the command record to its route for agreement <paramref name="id"/>, expecting a refusal (<see cref="Service.ProblemAsync"/>).</summary>
    protected Task<ProblemDetails> Problem<TCommand>(Guid id, TCommand command, HttpStatusCode expected, string? token = null)
        where TCommand : notnull =>
        Service.ProblemAsync(HttpMethod.Post, CommandRoute.For<TCommand>(id), command, expected, token);

    protected Task<ProblemDetails> Problem(string url, object? body, HttpStatusCode expected, string? token = null, string method = "POST") =>
        Service.ProblemAsync(new HttpMethod(method), url, body, expected, token);

    protected async Task<Guid> Requested(object? request = null) =>
        (await Service.PostAsync("/api/agreements", request ?? HernandoJem, HttpStatusCode.Created)).ReadAsJson<AgreementAccepted>()!.Id;

    protected async Task<Guid> SignedAgreement(object? request = null, string signedOn = "2019-01-22", string? expiresOn = null)
    {
        var id = await Requested(request);
        await Command($"/api/agreements/{id}/sign", new { signedOn, expiresOn, moaUrl = "https://www.ice.gov/doclib/287gMOA/287gJEM_HernandoCoFL.pdf" });
        return id;
    }

    protected Task<Agreement> Details(Guid id) => Service.GetAsync<Agreement>($"/api/agreements/{id}");

    protected async Task<IReadOnlyList<JasperFx.Events.IEvent>> Events(Guid id)
    {
        await using var session = app.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.Events.FetchStreamAsync(id);
    }

    protected string Schema => app.Host.Services.GetRequiredService<IDocumentStore>().Options.Events.DatabaseSchemaName;

    /// <summary>Runs SQL on a connection of its own, as someone with the database's credentials but not the service would.</summary>
    protected async Task ExecuteSql(string sql, bool allowPurge)
    {
        await using var connection = new Npgsql.NpgsqlConnection(app.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"set {EventSourcedAgreements.Auditing.TamperEvidence.PurgeSetting} = '{(allowPurge ? "on" : "off")}'; {sql}", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Imports one of the shipped lists (<c>data/publications</c>) through <c>POST /api/publications</c>: the status and, when it imported, the report.</summary>
    protected async Task<(HttpStatusCode Status, EventSourcedAgreements.Publications.ImportReport? Report)> ImportPublished(string file, string publishedOn)
    {
        using var client = app.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Officer);
        using var form = new MultipartFormDataContent();
        var bytes = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Data", "publications", file));
        form.Add(new ByteArrayContent(bytes), "file", file);
        form.Add(new StringContent(publishedOn), "publishedOn");
        using var response = await client.PostAsync(new Uri("/api/publications", UriKind.Relative), form);
        return (response.StatusCode, response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<EventSourcedAgreements.Publications.ImportReport>(Json) : null);
    }

    /// <summary>Imports a published list through <c>POST /api/publications</c>, as the program office does.</summary>
    protected async Task ImportAsync(Stream file, string name, string publishedOn)
    {
        using var client = app.Host.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Officer);
        using var content = new MultipartFormDataContent { { new StreamContent(file), "file", name }, { new StringContent(publishedOn), "publishedOn" } };
        using var response = await client.PostAsync(new Uri("/api/publications", UriKind.Relative), content);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
    }
}
