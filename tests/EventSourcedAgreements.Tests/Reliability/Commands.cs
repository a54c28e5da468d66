using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Tests.Fixtures;

namespace EventSourcedAgreements.Tests.Reliability;

/// <summary>The state an agreement (or, for an officer's command, an officer) must be in for a command to be accepted on it.</summary>
public enum TargetState
{
    Nothing,
    Requested,
    Active,
    Suspended,
    OfficerNominated,
    OfficerReady,
    OfficerAuthorized,
    OfficerSuspended,
}

public enum FieldKind
{
    Text,
    Code,
    Date,
    Url,
    Version,
    Flag,
}

/// <summary>A command's field: <c>Valid</c> is a value the command accepts on its target, <c>Other</c> another one (for the duplicate-key cases).</summary>
public sealed record Field(string Name, FieldKind Kind, bool Required, string Valid = "", string Other = "");

/// <summary>A JSON command route, with a body it accepts from the program office on an agreement in the state <paramref name="Needs"/>.</summary>
public sealed record Command(string Route, TargetState Needs, IReadOnlyList<Field> Fields)
{
    public string Name => Route == "/api/agreements" ? "request" : Route.Split('/')[^1];

    public string PathFor(Targets targets) => Route.Replace("{id}", targets.IdOf(Needs).ToString(), StringComparison.Ordinal);

    public JsonObject ValidBody(Targets targets)
    {
        var body = new JsonObject();
        foreach (var field in Fields)
        {
            body[field.Name] = field.Kind switch
            {
                FieldKind.Version => JsonValue.Create(Targets.VersionOf(Needs)),
                FieldKind.Flag => JsonValue.Create(bool.Parse(field.Valid)),
                _ => JsonValue.Create(field.Valid),
            };
        }

        return body;
    }

    /// <summary>An officer's command: nominating under an agreement, or acting on an officer.</summary>
    public bool IsOfficers => Route.StartsWith("/api/officers/", StringComparison.Ordinal) || Route.EndsWith("/officers", StringComparison.Ordinal);

    public IEnumerable<Field> TextFields => Fields.Where(f => f.Kind is FieldKind.Text or FieldKind.Code or FieldKind.Url);
}

/// <summary>
/// Agreements of the Hernando County Sheriff's Office in each state the commands need, one per support model, and
/// officers under the active one in each state the officer commands need.
/// </summary>
public sealed record Targets(Guid Requested, Guid Active, Guid Suspended)
{
    public Guid NominatedOfficer { get; init; }

    public Guid ReadyOfficer { get; init; }

    public Guid AuthorizedOfficer { get; init; }

    public Guid SuspendedOfficer { get; init; }

    public const string Agency = "fl-hernando-county-sheriffs-office";
    public const string OtherAgency = "fl-bay-county-sheriffs-office";

    public Guid IdOf(TargetState state) => state switch
    {
        TargetState.Requested => Requested,
        TargetState.Active => Active,
        TargetState.Suspended => Suspended,
        TargetState.OfficerNominated => NominatedOfficer,
        TargetState.OfficerReady => ReadyOfficer,
        TargetState.OfficerAuthorized => AuthorizedOfficer,
        TargetState.OfficerSuspended => SuspendedOfficer,
        _ => Guid.Empty,
    };

    public static int? VersionOf(TargetState state) => state switch
    {
        TargetState.Requested => 1,
        TargetState.Active => 2,
        TargetState.Suspended => 3,
        TargetState.OfficerNominated => 1,
        TargetState.OfficerReady => 3,
        TargetState.OfficerAuthorized => 4,
        TargetState.OfficerSuspended => 5,
        _ => null,
    };

    public static async Task<Targets> CreateAsync(Service officer)
    {
        var requested = await officer.RequestAsync(Hernando("JEM"));
        var active = await officer.SignedAsync(Hernando("WSO"), Signing);
        var suspended = await officer.SignedAsync(Hernando("TFM"), Signing);
        await officer.SendAsync(suspended, new SuspendAgreement(new DateOnly(2019, 6, 1), "Training audit", ExpectedVersion: null));
        return await OfficersAsync(officer, new Targets(requested, active, suspended), active, SupportModel.WSO);
    }

    /// <summary><paramref name="targets"/> with officers under agreement <paramref name="agreementId"/> (active, of <paramref name="model"/>) in each state an officer command needs.</summary>
    public static async Task<Targets> OfficersAsync(Service officer, Targets targets, Guid agreementId, SupportModel model)
    {
        var nominated = await officer.NominatedAsync(agreementId, new NominateOfficer("Avery Nominee", BadgeNumber: null, new DateOnly(2019, 2, 1)));
        var ready = await officer.ReadyOfficerAsync(agreementId, model, "Blair Ready");
        var authorized = await officer.AuthorizedOfficerAsync(agreementId, model, "Casey Authorized");
        var suspended = await officer.AuthorizedOfficerAsync(agreementId, model, "Drew Suspended");
        await officer.OfficerAsync(suspended, new SuspendAuthority(new DateOnly(2019, 6, 1), "Refresher overdue", ExpectedVersion: null));
        return targets with { NominatedOfficer = nominated, ReadyOfficer = ready, AuthorizedOfficer = authorized, SuspendedOfficer = suspended };
    }

    private static readonly SignAgreement Signing = new(new DateOnly(2019, 1, 22), MoaUrl: null, new DateOnly(2022, 1, 22), ExpectedVersion: null);

    private static RequestAgreement Hernando(string model) =>
        new("FL", "Hernando County Sheriff's Office", "County", "Hernando", model, new DateOnly(2019, 1, 2));
}

public static class Commands
{
    private const string MoaUrl = "https://www.ice.gov/doclib/about/offices/ero/pdf/287gMOA/287gJEM_HernandoCoFL2019-01-22.pdf";
    private const string OtherMoaUrl = "https://www.ice.gov/doclib/about/offices/ero/pdf/287gMOA/287gJEM_HernandoCoFL2020-01-22.pdf";

    private static readonly Field ExpectedVersion = new("expectedVersion", FieldKind.Version, Required: false);

    /// <summary>Every JSON command route; the valid bodies are the ones the program office may send on <see cref="Targets"/>.</summary>
    public static readonly IReadOnlyList<Command> All =
    [
        new("/api/agreements", TargetState.Nothing,
        [
            new("state", FieldKind.Code, true, "FL", "Florida"),
            new("agencyName", FieldKind.Text, true, "Bay County Sheriff's Office", "Bay County Sheriff’s Office"),
            new("agencyType", FieldKind.Code, false, "County", "county"),
            new("county", FieldKind.Text, false, "Bay", "Bay County"),
            new("model", FieldKind.Code, true, "JEM", "Jail Enforcement Model"),
            new("requestedOn", FieldKind.Date, false, "2019-01-02", "2019-01-03"),
        ]),
        new("/api/agreements/{id}/sign", TargetState.Requested,
        [
            new("signedOn", FieldKind.Date, true, "2019-01-22", "2019-01-23"),
            new("moaUrl", FieldKind.Url, false, MoaUrl, OtherMoaUrl),
            new("expiresOn", FieldKind.Date, false, "2022-01-22", "2022-01-23"),
            ExpectedVersion,
        ]),
        new("/api/agreements/{id}/amend", TargetState.Active,
        [
            new("effectiveOn", FieldKind.Date, true, "2019-03-01", "2019-03-02"),
            new("summary", FieldKind.Text, true, "Adds the county jail annex", "Adds the annex"),
            new("moaUrl", FieldKind.Url, false, MoaUrl, OtherMoaUrl),
            new("expiresOn", FieldKind.Date, false, "2022-01-22", "2022-01-21"),
            ExpectedVersion,
        ]),
        new("/api/agreements/{id}/renew", TargetState.Active,
        [
            new("signedOn", FieldKind.Date, true, "2020-01-22", "2020-01-23"),
            new("moaUrl", FieldKind.Url, false, OtherMoaUrl, MoaUrl),
            new("expiresOn", FieldKind.Date, false, "2023-01-22", "2023-01-23"),
            ExpectedVersion,
        ]),
        new("/api/agreements/{id}/suspend", TargetState.Active,
        [
            new("effectiveOn", FieldKind.Date, true, "2019-06-01", "2019-06-02"),
            new("reason", FieldKind.Text, true, "Training audit", "Audit"),
            ExpectedVersion,
        ]),
        new("/api/agreements/{id}/reinstate", TargetState.Suspended,
        [
            new("effectiveOn", FieldKind.Date, true, "2019-07-01", "2019-07-02"),
            ExpectedVersion,
        ]),
        new("/api/agreements/{id}/terminate", TargetState.Active,
        [
            new("effectiveOn", FieldKind.Date, true, "2020-01-01", "2020-01-02"),
            new("initiatedBy", FieldKind.Code, true, "ICE", "Agency"),
            new("reason", FieldKind.Text, true, "Program review", "Board vote"),
            ExpectedVersion,
        ]),
        new("/api/agreements/{id}/withdraw", TargetState.Requested,
        [
            new("reason", FieldKind.Text, false, "Board vote", "Budget"),
            ExpectedVersion,
        ]),
        new("/api/agreements/{id}/reject", TargetState.Requested,
        [
            new("reason", FieldKind.Text, true, "Incomplete application", "Incomplete"),
            ExpectedVersion,
        ]),
        new("/api/agreements/{id}/expire", TargetState.Active,
        [
            ExpectedVersion,
        ]),
        new("/api/agreements/{id}/corrections", TargetState.Active,
        [
            new("field", FieldKind.Code, true, "expiresOn", "expiresOn"),
            new("value", FieldKind.Date, true, "2022-02-01", "2022-03-01"),
            new("reason", FieldKind.Text, true, "The MOA says February", "Typo"),
            ExpectedVersion,
        ]),
        new("/api/agreements/{id}/officers", TargetState.Active,
        [
            new("name", FieldKind.Text, true, "Jordan Nominee", "Jordan R. Nominee"),
            new("badgeNumber", FieldKind.Text, false, "H-2001", "H-2002"),
            new("nominatedOn", FieldKind.Date, true, "2019-02-01", "2019-02-02"),
        ]),
        new("/api/officers/{id}/background-investigation", TargetState.OfficerNominated,
        [
            new("completedOn", FieldKind.Date, true, "2019-03-01", "2019-03-02"),
            new("result", FieldKind.Code, true, "Passed", "Failed"),
            new("citizenshipConfirmed", FieldKind.Flag, true, "true", "true"),
            ExpectedVersion,
        ]),
        new("/api/officers/{id}/training", TargetState.OfficerNominated,
        [
            new("completedOn", FieldKind.Date, true, "2019-04-12", "2019-04-13"),
            new("course", FieldKind.Code, true, "WSO", "wso"),
            new("location", FieldKind.Text, true, "Hernando County Jail training room", "Brooksville, FL"),
            ExpectedVersion,
        ]),
        new("/api/officers/{id}/certify", TargetState.OfficerReady,
        [
            new("certifiedOn", FieldKind.Date, true, "2019-04-15", "2019-04-16"),
            ExpectedVersion,
        ]),
        new("/api/officers/{id}/suspend", TargetState.OfficerAuthorized,
        [
            new("effectiveOn", FieldKind.Date, true, "2019-06-01", "2019-06-02"),
            new("reason", FieldKind.Text, true, "Refresher overdue", "Audit"),
            ExpectedVersion,
        ]),
        new("/api/officers/{id}/reinstate", TargetState.OfficerSuspended,
        [
            new("effectiveOn", FieldKind.Date, true, "2019-07-01", "2019-07-02"),
            ExpectedVersion,
        ]),
        new("/api/officers/{id}/revoke", TargetState.OfficerAuthorized,
        [
            new("effectiveOn", FieldKind.Date, true, "2019-08-01", "2019-08-02"),
            new("reason", FieldKind.Text, true, "Misconduct finding", "Finding"),
            ExpectedVersion,
        ]),
        new("/api/officers/{id}/corrections", TargetState.OfficerAuthorized,
        [
            new("field", FieldKind.Code, true, "certifiedOn", "certifiedOn"),
            new("value", FieldKind.Date, true, "2019-04-16", "2019-04-17"),
            new("reason", FieldKind.Text, true, "The certificate says the 16th", "Typo"),
            ExpectedVersion,
        ]),
        new("/api/officers/{id}/separate", TargetState.OfficerAuthorized,
        [
            new("effectiveOn", FieldKind.Date, true, "2019-09-01", "2019-09-02"),
            new("reason", FieldKind.Text, false, "Retired", "Resigned"),
            ExpectedVersion,
        ]),
    ];
}

/// <summary>An answer as a client sees it.</summary>
public sealed record Answer(int Status, string? MediaType, string Body);

public static class Http
{
    public static HttpClient Client(AppFixture app, string? token = null)
    {
        var client = app.Host.Server.CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public static ByteArrayContent Json(string json) => Bytes(Encoding.UTF8.GetBytes(json), "application/json");

    public static ByteArrayContent Bytes(byte[] bytes, string? contentType)
    {
        var content = new ByteArrayContent(bytes);
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return content;
    }

    /// <summary>A small ICE roster the importer reads, as a multipart upload.</summary>
    public static MultipartFormDataContent Roster(string publishedOn = "2021-01-13")
    {
        var csv = "state,agency,support,signed,moa_file\nFLORIDA,Hernando County Sheriff's Office,Jail Enforcement Model,2019-01-22,287gJEM_HernandoCoFL2019-01-22.pdf\n"u8.ToArray();
        return new MultipartFormDataContent
        {
            { new ByteArrayContent(csv), "file", "ice-287g-roster-2021-01-13.csv" },
            { new StringContent(publishedOn), "publishedOn" },
        };
    }

    public static async Task<Answer> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return new Answer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
    }
}
