using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Security;
using EventSourcedAgreements.Tests.Fixtures;

namespace EventSourcedAgreements.Tests.Properties;

public sealed record Answer(Outcome Outcome, int Status, string? Title, AgreementAccepted? Accepted)
{
    public override string ToString() => Accepted is { } accepted
        ? $"{Status} {accepted.Status} v{accepted.Version}"
        : $"{Status} {Title}";
}

/// <summary>
/// Sends the commands of one scenario to the service over HTTP, for one agency (one of its own, or one the lists name),
/// and reads back what it holds.
/// </summary>
public sealed class ServiceDriver
{
    private readonly HttpClient client;
    private readonly Tokens tokens;
    private readonly string state;
    private readonly string agencyName;
    private readonly string ownAgencyToken;
    private readonly List<Guid> agreements = [];

    public ServiceDriver(HttpClient client, Tokens tokens, string state, string? agencyName = null)
    {
        this.client = client;
        this.tokens = tokens;
        this.state = state;
        this.agencyName = agencyName ?? $"Property Agency {Guid.NewGuid():N}";
        AgencyId = $"{state.ToLowerInvariant()}-{AgencyIdentity.Slug(this.agencyName)}";
        ownAgencyToken = tokens.Agency(AgencyId);
    }

    public string AgencyId { get; }

    public string State => state;

    public int Requests { get; private set; }

    public IReadOnlyList<Guid> Agreements => agreements;

    public async Task<Answer> Send(SentCommand command)
    {
        var id = command.Target is int index && index < agreements.Count ? agreements[index] : Guid.NewGuid();
        var (url, body) = Request(command, id);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body, options: AppTest.Json) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", command.Actor switch
        {
            Actor.OwnAgency => ownAgencyToken,
            Actor.OtherAgency => tokens.OtherAgency,
            _ => tokens.Officer,
        });
        using var response = await Exchange(request);
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            var accepted = await response.Content.ReadFromJsonAsync<AgreementAccepted>(AppTest.Json);
            if (command.Kind == CommandKind.Request && accepted is not null)
            {
                agreements.Add(accepted.Id);
            }

            return new Answer(Outcome.Accepted, status, null, accepted);
        }

        var text = await response.Content.ReadAsStringAsync();
        var isProblem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
        var title = isProblem && JsonDocument.Parse(text).RootElement.TryGetProperty("title", out var element) ? element.GetString() : text;
        var outcome = !isProblem ? Outcome.Unexpected : response.StatusCode switch
        {
            HttpStatusCode.BadRequest => Outcome.Invalid,
            HttpStatusCode.Forbidden => Outcome.Forbidden,
            HttpStatusCode.NotFound => Outcome.Unknown,
            HttpStatusCode.Conflict => Outcome.Refused,
            _ => Outcome.Unexpected,
        };
        return new Answer(outcome, status, title, null);
    }

    public async Task<Agreement> Details(int index) =>
        (await Get<Agreement>($"/api/agreements/{agreements[index]}", token: null))!;

    public async Task<IReadOnlyList<string>> History(int index)
    {
        var entries = await Get<JsonElement>($"/api/agreements/{agreements[index]}/history", tokens.Auditor);
        return [.. entries.EnumerateArray().Select(entry => entry.GetProperty("type").GetString()!)];
    }

    /// <summary>
    /// The signing dates the participants answer shows for each agreement of this scenario on <paramref name="asOf"/>;
    /// with <paramref name="recordedAt"/>, the answer the service gave at that moment.
    /// </summary>
    public async Task<ILookup<Guid, DateOnly>> Participants(DateOnly asOf, DateTimeOffset? recordedAt = null)
    {
        var recorded = recordedAt is { } at ? $"&recordedAt={Uri.EscapeDataString(at.ToString("O", CultureInfo.InvariantCulture))}" : string.Empty;
        var answer = await Get<JsonElement>($"/api/participants?asOf={asOf:yyyy-MM-dd}&state={state}{recorded}", token: null);
        return answer.GetProperty("participants").EnumerateArray()
            .Select(participant => (Id: participant.GetProperty("agreementId").GetGuid(), SignedOn: DateOnly.Parse(participant.GetProperty("signedOn").GetString()!, CultureInfo.InvariantCulture)))
            .Where(participant => agreements.Contains(participant.Id))
            .ToLookup(participant => participant.Id, participant => participant.SignedOn);
    }

    private (string Url, object Body) Request(SentCommand command, Guid id)
    {
        var at = $"/api/agreements/{id}";
        var version = command.ExpectedVersion;
        return command.Kind switch
        {
            CommandKind.Request => ("/api/agreements", new { state, agencyName, model = command.Model.ToString(), requestedOn = command.Date }),
            CommandKind.Sign => ($"{at}/sign", new { signedOn = command.Date, moaUrl = command.MoaUrl, expiresOn = command.ExpiresOn, expectedVersion = version }),
            CommandKind.Amend => ($"{at}/amend", new { effectiveOn = command.Date, summary = "Amended in a property test", moaUrl = command.MoaUrl, expiresOn = command.ExpiresOn, expectedVersion = version }),
            CommandKind.Renew => ($"{at}/renew", new { signedOn = command.Date, moaUrl = command.MoaUrl, expiresOn = command.ExpiresOn, expectedVersion = version }),
            CommandKind.Suspend => ($"{at}/suspend", new { effectiveOn = command.Date, reason = "Suspended in a property test", expectedVersion = version }),
            CommandKind.Reinstate => ($"{at}/reinstate", new { effectiveOn = command.Date, expectedVersion = version }),
            CommandKind.Terminate => ($"{at}/terminate", new { effectiveOn = command.Date, initiatedBy = command.InitiatedBy.ToString(), reason = "Terminated in a property test", expectedVersion = version }),
            CommandKind.Expire => ($"{at}/expire", new { expectedVersion = version }),
            CommandKind.Withdraw => ($"{at}/withdraw", new { reason = "Withdrawn in a property test", expectedVersion = version }),
            CommandKind.Reject => ($"{at}/reject", new { reason = "Rejected in a property test", expectedVersion = version }),
            CommandKind.CorrectSigning => ($"{at}/corrections", new { field = "signedOn", value = command.Date, reason = "Corrected in a property test", expectedVersion = version }),
            CommandKind.CorrectExpiry => ($"{at}/corrections", new { field = "expiresOn", value = command.Date, reason = "Corrected in a property test", expectedVersion = version }),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.Kind, null),
        };
    }

    private async Task<T?> Get<T>(string url, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await Exchange(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET {url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return await response.Content.ReadFromJsonAsync<T>(AppTest.Json);
    }

    private Task<HttpResponseMessage> Exchange(HttpRequestMessage request)
    {
        Requests++;
        return client.SendAsync(request);
    }
}

/// <summary>The bearer tokens of a run, issued once: an officer, an auditor, and agencies.</summary>
public sealed class Tokens(AppFixture app)
{
    public string Officer { get; } = app.TokenFor(Roles.ProgramOfficer, name: "Property Officer");

    public string Auditor { get; } = app.TokenFor(Roles.Auditor, name: "Property Auditor");

    public string OtherAgency { get; } = app.TokenFor(Roles.Agency, "zz-another-agency", "Another agency's clerk");

    public string Agency(string agencyId) => app.TokenFor(Roles.Agency, agencyId, "Property agency clerk");
}
