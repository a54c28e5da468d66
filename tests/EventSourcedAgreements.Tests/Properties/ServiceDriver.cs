using System.Globalization;
using System.Net;
using System.Text.Json;
using Alba;
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
    private readonly Service service;
    private readonly Tokens tokens;
    private readonly string state;
    private readonly string agencyName;
    private readonly string ownAgencyToken;
    private readonly List<Guid> agreements = [];

    public ServiceDriver(Service service, Tokens tokens, string state, string? agencyName = null)
    {
        this.service = service;
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
        var token = command.Actor switch
        {
            Actor.OwnAgency => ownAgencyToken,
            Actor.OtherAgency => tokens.OtherAgency,
            _ => tokens.Officer,
        };
        Requests++;
        var result = await Post(command, id, token);
        var response = result.Context.Response;
        var status = response.StatusCode;
        if (status is >= 200 and < 300)
        {
            var accepted = result.ReadAsJson<AgreementAccepted>();
            if (command.Kind == CommandKind.Request && accepted is not null)
            {
                agreements.Add(accepted.Id);
            }

            return new Answer(Outcome.Accepted, status, null, accepted);
        }

        var text = await result.ReadAsTextAsync();
        var isProblem = response.ContentType?.StartsWith("application/problem+json", StringComparison.Ordinal) == true;
        var title = isProblem && JsonDocument.Parse(text).RootElement.TryGetProperty("title", out var element) ? element.GetString() : text;
        var outcome = !isProblem ? Outcome.Unexpected : (HttpStatusCode)status switch
        {
            HttpStatusCode.BadRequest => Outcome.Invalid,
            HttpStatusCode.Forbidden => Outcome.Forbidden,
            HttpStatusCode.NotFound => Outcome.Unknown,
            HttpStatusCode.Conflict => Outcome.Refused,
            _ => Outcome.Unexpected,
        };
        return new Answer(outcome, status, title, null);
    }

    public async Task<Agreement> Details(int index)
    {
        Requests++;
        return await service.GetAsync<Agreement>($"/api/agreements/{agreements[index]}");
    }

    public async Task<IReadOnlyList<string>> History(int index)
    {
        Requests++;
        var entries = await service.GetAsync<JsonElement>($"/api/agreements/{agreements[index]}/history", tokens.Auditor);
        return [.. entries.EnumerateArray().Select(entry => entry.GetProperty("type").GetString()!)];
    }

    /// <summary>
    /// The signing dates the participants answer shows for each agreement of this scenario on <paramref name="asOf"/>;
    /// with <paramref name="recordedAt"/>, the answer the service gave at that moment.
    /// </summary>
    public async Task<ILookup<Guid, DateOnly>> Participants(DateOnly asOf, DateTimeOffset? recordedAt = null)
    {
        Requests++;
        var recorded = recordedAt is { } at ? $"&recordedAt={Uri.EscapeDataString(at.ToString("O", CultureInfo.InvariantCulture))}" : string.Empty;
        var answer = await service.GetAsync<JsonElement>($"/api/participants?asOf={asOf:yyyy-MM-dd}&state={state}{recorded}");
        return answer.GetProperty("participants").EnumerateArray()
            .Select(participant => (Id: participant.GetProperty("agreementId").GetGuid(), SignedOn: DateOnly.Parse(participant.GetProperty("signedOn").GetString()!, CultureInfo.InvariantCulture)))
            .Where(participant => agreements.Contains(participant.Id))
            .ToLookup(participant => participant.Id, participant => participant.SignedOn);
    }

    /// <summary>The command as its record, to its endpoint's route, whatever the answer.</summary>
    private Task<IScenarioResult> Post(SentCommand command, Guid id, string token)
    {
        var version = command.ExpectedVersion;
        return command.Kind switch
        {
            CommandKind.Request => Post(id, new RequestAgreement(state, agencyName, null, null, command.Model.ToString(), command.Date), token),
            CommandKind.Sign => Post(id, new SignAgreement(command.Date, command.MoaUrl, command.ExpiresOn, version), token),
            CommandKind.Amend => Post(id, new AmendAgreement(command.Date, "Amended in a property test", command.MoaUrl, command.ExpiresOn, version), token),
            CommandKind.Renew => Post(id, new RenewAgreement(command.Date, command.MoaUrl, command.ExpiresOn, version), token),
            CommandKind.Suspend => Post(id, new SuspendAgreement(command.Date, "Suspended in a property test", version), token),
            CommandKind.Reinstate => Post(id, new ReinstateAgreement(command.Date, version), token),
            CommandKind.Terminate => Post(id, new TerminateAgreement(command.Date, command.InitiatedBy.ToString(), "Terminated in a property test", version), token),
            CommandKind.Expire => Post(id, new RecordExpiry(version), token),
            CommandKind.Withdraw => Post(id, new WithdrawRequest("Withdrawn in a property test", version), token),
            CommandKind.Reject => Post(id, new RejectRequest("Rejected in a property test", version), token),
            CommandKind.CorrectSigning => Post(id, new CorrectAgreement("signedOn", command.Date, "Corrected in a property test", version), token),
            CommandKind.CorrectExpiry => Post(id, new CorrectAgreement("expiresOn", command.Date, "Corrected in a property test", version), token),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.Kind, null),
        };
    }

    private Task<IScenarioResult> Post<TCommand>(Guid id, TCommand command, string token)
        where TCommand : notnull =>
        service.PostAsync(CommandRoute.For<TCommand>(id), command, expected: null, bearer: token);
}

/// <summary>The bearer tokens of a run, issued once: an officer, an auditor, and agencies.</summary>
public sealed class Tokens(AppFixture app)
{
    public string Officer { get; } = app.TokenFor(Roles.ProgramOfficer, name: "Property Officer");

    public string Auditor { get; } = app.TokenFor(Roles.Auditor, name: "Property Auditor");

    public string OtherAgency { get; } = app.TokenFor(Roles.Agency, "zz-another-agency", "Another agency's clerk");

    public string Agency(string agencyId) => app.TokenFor(Roles.Agency, agencyId, "Property agency clerk");
}
