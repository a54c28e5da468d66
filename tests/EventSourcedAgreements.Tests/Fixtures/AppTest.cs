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

    /// <summary>The Hernando County Sheriff's Office asks to join under the Jail Enforcement Model on 2019-01-02.</summary>
    protected static RequestAgreement HernandoJem => new("FL", "Hernando County Sheriff's Office", "County", "Hernando", "JEM", new DateOnly(2019, 1, 2));

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

    protected Task<Guid> Requested(RequestAgreement? request = null) => Service.RequestAsync(request ?? HernandoJem);

    /// <summary>Requests (<see cref="HernandoJem"/> unless <paramref name="request"/> says otherwise) and signs, on 2019-01-22 unless <paramref name="signedOn"/> says otherwise, with the Hernando MOA's link.</summary>
    protected Task<Guid> SignedAgreement(RequestAgreement? request = null, DateOnly? signedOn = null, DateOnly? expiresOn = null) =>
        Service.SignedAsync(request ?? HernandoJem, new SignAgreement(signedOn ?? new DateOnly(2019, 1, 22), "https://www.ice.gov/doclib/287gMOA/287gJEM_HernandoCoFL.pdf", expiresOn, ExpectedVersion: null));

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
