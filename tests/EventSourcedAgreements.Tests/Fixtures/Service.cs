using System.Net;
using System.Text.Json;
using Alba;
using EventSourcedAgreements.Agreements;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Tracking;

namespace EventSourcedAgreements.Tests.Fixtures;

/// <summary>
/// The service as its clients reach it, the one way tests talk to it: over HTTP (through Alba, in memory), commands
/// sent as their records to the routes their endpoints declare (<see cref="CommandRoute"/>), as the holder of
/// <paramref name="token"/> unless a call names another, answers read as the contract types. The app's shared host, a
/// deadline test's host with its own clock and the property runs each have one.
/// </summary>
public sealed class Service(IAlbaHost host, string token)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public IAlbaHost Host => host;

    /// <summary>The bearer token sent when a call names none.</summary>
    public string Token => token;

    /// <summary>
    /// One request: a GET or DELETE without a body, anything else with <paramref name="body"/> as JSON (<c>{}</c> when
    /// null); <paramref name="expected"/> null takes any status. <paramref name="bearer"/> null sends this client's token,
    /// <see cref="Anonymous"/> none; <paramref name="headers"/> are sent as given (<c>If-Match</c>, <c>Idempotency-Key</c>…).
    /// </summary>
    public Task<IScenarioResult> ExchangeAsync(
        HttpMethod method, string url, object? body = null, HttpStatusCode? expected = HttpStatusCode.OK, string? bearer = null, IReadOnlyDictionary<string, string>? headers = null) =>
        host.Scenario(s =>
        {
            foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            {
                s.WithRequestHeader(name, value);
            }

            if (method == HttpMethod.Get)
            {
                s.Get.Url(url);
            }
            else if (method == HttpMethod.Delete)
            {
                s.Delete.Url(url);
            }
            else
            {
                s.Post.Json(body ?? new { }).ToUrl(url);
            }

            if ((bearer ?? token) is { Length: > 0 } sent)
            {
                s.WithRequestHeader("Authorization", $"Bearer {sent}");
            }

            if (expected is { } status)
            {
                s.StatusCodeShouldBe(status);
            }
            else
            {
                s.IgnoreStatusCode();
            }
        });

    /// <summary>Pass as a bearer to send no Authorization header at all.</summary>
    public const string Anonymous = "";

    public Task<IScenarioResult> PostAsync(string url, object? body, HttpStatusCode? expected = HttpStatusCode.OK, string? bearer = null, IReadOnlyDictionary<string, string>? headers = null) =>
        ExchangeAsync(HttpMethod.Post, url, body, expected, bearer, headers);

    /// <summary>
    /// Every item of a paged list (<see cref="EventSourcedAgreements.Core.Page{T}"/>), following each page's <c>next</c>
    /// as its <c>after</c> from the first page of <paramref name="url"/> (the most a page holds, to read few pages).
    /// </summary>
    public async Task<List<T>> AllAsync<T>(string url, string bearer = Anonymous)
    {
        var items = new List<T>();
        var separator = url.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        var next = (string?)null;
        do
        {
            var page = await GetAsync<EventSourcedAgreements.Core.Page<T>>(
                $"{url}{separator}limit={EventSourcedAgreements.Core.Paging.MaxLimit}{(next is null ? string.Empty : $"&after={Uri.EscapeDataString(next)}")}", bearer);
            items.AddRange(page.Items);
            next = page.Next;
        }
        while (next is not null);

        return items;
    }

    /// <summary>Reads <paramref name="url"/> (anonymously unless <paramref name="bearer"/> is given) as a <typeparamref name="T"/>.</summary>
    public async Task<T> GetAsync<T>(string url, string bearer = Anonymous) =>
        (await ExchangeAsync(HttpMethod.Get, url, expected: HttpStatusCode.OK, bearer: bearer)).ReadAsJson<T>()
        ?? throw new InvalidOperationException($"GET {url} answered no body.");

    /// <summary>Sends <paramref name="command"/> to its route for agreement <paramref name="id"/>; the answer when accepted.</summary>
    public async Task<AgreementAccepted> SendAsync<TCommand>(Guid id, TCommand command, HttpStatusCode expected = HttpStatusCode.OK, string? bearer = null)
        where TCommand : notnull =>
        (await PostAsync(CommandRoute.For<TCommand>(id), command, expected, bearer)).ReadAsJson<AgreementAccepted>()!;

    /// <summary>Sends an officer command to its route for officer <paramref name="id"/> (or, for a nomination, agreement <paramref name="id"/>); the answer when accepted.</summary>
    public async Task<OfficerAccepted> OfficerAsync<TCommand>(Guid id, TCommand command, HttpStatusCode expected = HttpStatusCode.OK, string? bearer = null)
        where TCommand : notnull =>
        (await PostAsync(CommandRoute.For<TCommand>(id), command, expected, bearer)).ReadAsJson<OfficerAccepted>()!;

    /// <summary>Nominates an officer under agreement <paramref name="agreementId"/>; the officer's id.</summary>
    public async Task<Guid> NominatedAsync(Guid agreementId, NominateOfficer nomination, string? bearer = null) =>
        (await OfficerAsync(agreementId, nomination, HttpStatusCode.Created, bearer)).Id;

    /// <summary>
    /// An officer nominated on 2019-02-01 under agreement <paramref name="agreementId"/> (of <paramref name="model"/>),
    /// cleared on 2019-03-01 and trained on 2019-04-12 in the model's basic course: ready to be certified; the officer's id.
    /// </summary>
    public async Task<Guid> ReadyOfficerAsync(Guid agreementId, SupportModel model, string name = "Dana Deputy", string? badgeNumber = null)
    {
        var id = await NominatedAsync(agreementId, new NominateOfficer(name, badgeNumber, new DateOnly(2019, 2, 1)));
        await OfficerAsync(id, new RecordInvestigation(new DateOnly(2019, 3, 1), "Passed", CitizenshipConfirmed: true, ExpectedVersion: null));
        await OfficerAsync(id, new RecordTraining(new DateOnly(2019, 4, 12), model.ToString(), model == SupportModel.JEM ? "ICE Academy, Charleston, SC" : "Agency training room", ExpectedVersion: null));
        return id;
    }

    /// <summary>An officer made ready (<see cref="ReadyOfficerAsync"/>) and certified on 2019-04-15; the officer's id.</summary>
    public async Task<Guid> AuthorizedOfficerAsync(Guid agreementId, SupportModel model, string name = "Dana Deputy", string? badgeNumber = null)
    {
        var id = await ReadyOfficerAsync(agreementId, model, name, badgeNumber);
        await OfficerAsync(id, new CertifyOfficer(new DateOnly(2019, 4, 15), ExpectedVersion: null));
        return id;
    }

    /// <summary>Asks for a new agreement; its id.</summary>
    public async Task<Guid> RequestAsync(RequestAgreement request, string? bearer = null) =>
        (await SendAsync(Guid.Empty, request, HttpStatusCode.Created, bearer)).Id;

    /// <summary>Asks for a new agreement and signs it; its id.</summary>
    public async Task<Guid> SignedAsync(RequestAgreement request, SignAgreement signing)
    {
        var id = await RequestAsync(request);
        await SendAsync(id, signing);
        return id;
    }

    /// <summary>The refusal of a request, which must be an RFC 9457 problem with the status <paramref name="expected"/>.</summary>
    public async Task<ProblemDetails> ProblemAsync(HttpMethod method, string url, object? body, HttpStatusCode expected, string? bearer = null)
    {
        var result = await ExchangeAsync(method, url, body, expected, bearer);
        result.Context.Response.ContentType.ShouldBe("application/problem+json");
        var problem = result.ReadAsJson<ProblemDetails>()!;
        problem.Status.ShouldBe((int)expected);
        return problem;
    }

    /// <summary>
    /// Does <paramref name="action"/> and waits, through Wolverine's message tracking, until a <typeparamref name="TMessage"/>
    /// has been handled and every message the action set off has finished (scheduled ones excepted), for at most
    /// <paramref name="patience"/>; a handler's exception fails the wait.
    /// </summary>
    public Task<ITrackedSession> UntilHandledAsync<TMessage>(Func<Task> action, TimeSpan patience) =>
        host.TrackActivity(patience)
            .WaitForMessageToBeReceivedAt<TMessage>(host)
            .ExecuteAndWaitAsync((IMessageContext _) => action());

    /// <summary>Does <paramref name="action"/> and waits, through Wolverine's message tracking, until every message it set off has finished (scheduled ones excepted).</summary>
    public Task<ITrackedSession> TrackedAsync(Func<Task> action, TimeSpan patience) =>
        host.TrackActivity(patience).ExecuteAndWaitAsync((IMessageContext _) => action());
}
