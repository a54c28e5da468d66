using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using CsCheck;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Tests.Fixtures;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace EventSourcedAgreements.Tests.Properties;

/// <summary>
/// Random command sequences, sent to the service over HTTP and decided by the reference model, must get the same
/// answers and leave the same agreement, history and participation answers. A failure prints the smallest failing
/// sequence CsCheck found and its seed, then that sequence shortened by dropping commands: run again with
/// <c>CsCheck_Seed=SEED dotnet test --filter "FullyQualifiedName~Properties"</c> to replay it first (and shrink further),
/// or with <c>CsCheck_Time=SECONDS</c> to sample for that long instead of the set number of sequences.
/// </summary>
public sealed class LifecyclePropertyTests(AppFixture app, ITestOutputHelper output) : AppTest(app)
{
    /// <summary>Sequences run at once: enough to keep two cores busy, far below the database's connection pool.</summary>
    private const int Threads = 4;

    private long sequences;
    private long commands;
    private long requests;
    private readonly ConcurrentDictionary<(CommandKind Kind, Outcome Outcome), int> outcomes = new();

    private static readonly Dictionary<string, Scenario> Found = new()
    {
        ["a renewal recorded after an amendment that takes effect later"] = Requested(
            Do(CommandKind.Sign, new DateSpec(Anchor.Requested, 10)),
            Do(CommandKind.Amend, new DateSpec(Anchor.Signed, 60), link: LinkSpec.Valid),
            Do(CommandKind.Renew, new DateSpec(Anchor.Signed, 5))),
        ["an amendment recorded after one that takes effect later"] = Requested(
            Do(CommandKind.Sign, new DateSpec(Anchor.Requested, 10)),
            Do(CommandKind.Amend, new DateSpec(Anchor.Signed, 100), link: LinkSpec.Valid),
            Do(CommandKind.Amend, new DateSpec(Anchor.Signed, 50), link: LinkSpec.Valid)),
        ["a signing date corrected to after an amendment"] = Requested(
            Do(CommandKind.Sign, new DateSpec(Anchor.Requested, 10)),
            Do(CommandKind.Amend, new DateSpec(Anchor.Signed, 1), link: LinkSpec.Valid),
            Do(CommandKind.CorrectSigning, new DateSpec(Anchor.Signed, 100))),
        ["an expiry corrected to before an amendment"] = Requested(
            Do(CommandKind.Sign, new DateSpec(Anchor.Requested, 10), new DateSpec(Anchor.Main, 1500)),
            Do(CommandKind.Amend, new DateSpec(Anchor.Signed, 100), link: LinkSpec.Valid),
            Do(CommandKind.CorrectExpiry, new DateSpec(Anchor.Signed, 50))),
        ["an expiry amended to before an amendment recorded earlier"] = Requested(
            Do(CommandKind.Sign, new DateSpec(Anchor.Requested, 10), new DateSpec(Anchor.Main, 1500)),
            Do(CommandKind.Amend, new DateSpec(Anchor.Signed, 100), link: LinkSpec.Valid),
            Do(CommandKind.Amend, new DateSpec(Anchor.Signed, 20), new DateSpec(Anchor.Main, 30))),
        ["a renewal's signing corrected to the first signing, then corrected again"] = Requested(
            Do(CommandKind.Sign, new DateSpec(Anchor.Requested, 10)),
            Do(CommandKind.Renew, new DateSpec(Anchor.Signed, 100)),
            Do(CommandKind.CorrectSigning, new DateSpec(Anchor.FirstSigned, 0)),
            Do(CommandKind.CorrectSigning, new DateSpec(Anchor.Signed, 50))),
        ["a second agreement of the model signed on days the first was in force"] = Requested(
            Do(CommandKind.Sign, new DateSpec(Anchor.Requested, 10)),
            Do(CommandKind.Terminate, new DateSpec(Anchor.Signed, 200)),
            Request(new DateSpec(Anchor.Today, -900)),
            On(1, CommandKind.Sign, new DateSpec(Anchor.Requested, 0)),
            On(1, CommandKind.Sign, new DateSpec(Anchor.Requested, 120))),
        ["a second agreement whose correction reaches back over the first"] = Requested(
            Do(CommandKind.Sign, new DateSpec(Anchor.Requested, 10)),
            Do(CommandKind.Terminate, new DateSpec(Anchor.Signed, 200)),
            Request(new DateSpec(Anchor.Today, -900)),
            On(1, CommandKind.Sign, new DateSpec(Anchor.Requested, 120)),
            On(1, CommandKind.CorrectSigning, new DateSpec(Anchor.Requested, 50)),
            On(1, CommandKind.CorrectSigning, new DateSpec(Anchor.Requested, 110))),
    };

    public static TheoryData<string> FoundSequences => [.. Found.Keys];

    [Theory]
    [MemberData(nameof(FoundSequences))]
    public async Task sequences_that_once_told_the_service_from_the_model_get_the_answers_of_the_reference_model(string sequence)
    {
        await Run(Service, new Tokens(App), Found[sequence]);
    }

    [Fact]
    public Task sequences_of_commands_on_one_agreement_get_the_answers_of_the_reference_model() =>
        Sample(Generators.OneAgreement, iterations: 2400);

    [Fact]
    public Task sequences_of_commands_on_several_agreements_of_one_agency_get_the_answers_of_the_reference_model() =>
        Sample(Generators.SeveralAgreements, iterations: 1200);

    private async Task Sample(Gen<Scenario> scenarios, int iterations)
    {
        var tokens = new Tokens(App);
        var service = Service;
        var clock = Stopwatch.StartNew();
        try
        {
            await scenarios.SampleAsync(
                scenario => Run(service, tokens, scenario),
                output.WriteLine,
                iter: iterations,
                threads: Threads,
                print: scenario => scenario.ToString());
        }
        finally
        {
            foreach (var kind in outcomes.GroupBy(outcome => outcome.Key.Kind).OrderBy(kind => kind.Key))
            {
                output.WriteLine($"{kind.Key}: {string.Join(", ", kind.OrderBy(outcome => outcome.Key.Outcome).Select(outcome => $"{outcome.Value} {outcome.Key.Outcome}"))}");
            }

            output.WriteLine($"{sequences:#,0} sequences run, {commands:#,0} commands, {requests:#,0} requests, in {clock.Elapsed.TotalSeconds:0.0} s.");
        }
    }

    private static Scenario Requested(params GeneratedCommand[] commands) =>
        new("FL", [new GeneratedCommand(CommandKind.Request, 0, 0, SupportModel.JEM, new DateSpec(Anchor.Today, -1000), null, LinkSpec.None, VersionSpec.Absent, Actor.Officer, TerminationInitiator.ICE), .. commands], []);

    private static GeneratedCommand Do(CommandKind kind, DateSpec date, DateSpec? expiresOn = null, LinkSpec link = LinkSpec.None) =>
        On(0, kind, date, expiresOn, link);

    private static GeneratedCommand On(int target, CommandKind kind, DateSpec date, DateSpec? expiresOn = null, LinkSpec link = LinkSpec.None) =>
        new(kind, 0, target, SupportModel.JEM, date, expiresOn, link, VersionSpec.Absent, Actor.Officer, TerminationInitiator.ICE);

    private static GeneratedCommand Request(DateSpec requestedOn) =>
        new(CommandKind.Request, 0, 0, SupportModel.JEM, requestedOn, null, LinkSpec.None, VersionSpec.Absent, Actor.Officer, TerminationInitiator.ICE);

    /// <summary>
    /// Runs a scenario; when the service and the model part, drops commands one at a time while they still part
    /// (probing every date the commands named), so that the failure tells the shortest sequence left.
    /// </summary>
    private async Task Run(Service service, Tokens tokens, Scenario scenario)
    {
        if (await Attempt(service, tokens, scenario) is not { } failure)
        {
            return;
        }

        var smallest = (Scenario: scenario with { Probes = [] }, Failure: failure);
        for (var dropped = true; dropped;)
        {
            dropped = false;
            for (var index = smallest.Scenario.Steps.Count - 1; index >= 0; index--)
            {
                var shorter = smallest.Scenario with { Steps = [.. smallest.Scenario.Steps.Where((_, at) => at != index)] };
                if (await Attempt(service, tokens, shorter) is { } stillFailing)
                {
                    smallest = (shorter, stillFailing);
                    dropped = true;
                }
            }
        }

        throw new XunitException(
            $"{smallest.Failure.Message}{Environment.NewLine}(the shortest failing sequence found by dropping commands: {smallest.Scenario.Steps.Count} of {scenario.Steps.Count}){Environment.NewLine}{smallest.Scenario}");
    }

    private async Task<XunitException?> Attempt(Service service, Tokens tokens, Scenario scenario)
    {
        var driver = new ServiceDriver(service, tokens, scenario.State);
        var trace = new List<string>();
        try
        {
            var (model, midway) = await Play(driver, scenario, trace);
            await Compare(driver, model, scenario, trace);
            await CompareAsRecorded(driver, midway, scenario, trace);
            return null;
        }
        catch (XunitException failure)
        {
            return failure;
        }
        finally
        {
            Interlocked.Increment(ref sequences);
            Interlocked.Add(ref requests, driver.Requests);
        }
    }

    /// <summary>Sends the steps; returns the model after the last, and after the middle one with the moment it was answered.</summary>
    private async Task<(ReferenceModel Model, (ReferenceModel Model, DateTimeOffset RecordedAt) Midway)> Play(ServiceDriver driver, Scenario scenario, List<string> trace)
    {
        var model = ReferenceModel.Empty;
        var midway = (Model: model, RecordedAt: DateTimeOffset.UtcNow);
        foreach (var (step, number) in scenario.Steps.Select((step, number) => (step, number)))
        {
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var command = SentCommand.Resolve(step, model, today);
            var (expected, next) = model.Decide(command, today);
            var answer = await driver.Send(command);
            Interlocked.Increment(ref commands);
            outcomes.AddOrUpdate((command.Kind, answer.Outcome), 1, (_, count) => count + 1);
            trace.Add($"{command} => model {expected}, service {answer}");
            if (answer.Outcome != expected)
            {
                Fail(trace, $"the model answers {expected}, the service {answer}");
            }

            if (answer.Accepted is { } accepted)
            {
                var after = next.Agreements[command.Target ?? next.Agreements.Count - 1];
                if (accepted.Status != after.Status || accepted.Version != after.Version)
                {
                    Fail(trace, $"the model leaves it {after.Status} v{after.Version}, the service {accepted.Status} v{accepted.Version}");
                }
            }

            model = next;
            if (number == scenario.Steps.Count / 2)
            {
                midway = (model, DateTimeOffset.UtcNow);
            }
        }

        return (model, midway);
    }

    /// <summary>
    /// What the service answered midway is what it answers now with <c>recordedAt</c> set to that moment, whatever the
    /// later commands changed: the model as it stood then.
    /// </summary>
    private static async Task CompareAsRecorded(ServiceDriver driver, (ReferenceModel Model, DateTimeOffset RecordedAt) midway, Scenario scenario, List<string> trace)
    {
        var model = midway.Model;
        if (model.Agreements.Count == 0)
        {
            return;
        }

        var dates = model.Agreements.SelectMany(agreement => agreement.Boundaries()).Distinct().Order().ToList();
        var probed = scenario.Probes.Count == 0 ? dates : scenario.Probes.Select(probe => dates[probe % dates.Count]).Distinct();
        foreach (var asOf in probed)
        {
            var participants = await driver.Participants(asOf, midway.RecordedAt);
            for (var index = 0; index < model.Agreements.Count; index++)
            {
                var expected = $"[{Day(model.Agreements[index].SignedOnInForceOn(asOf))}]";
                var actual = $"[{string.Join(", ", participants[driver.Agreements[index]].Select(signedOn => Day(signedOn)))}]";
                if (expected != actual)
                {
                    Fail(trace, $"agreement #{index} as of {Day(asOf)}, as answered at {midway.RecordedAt:O}: the model then listed it signed {expected}, the service {actual}");
                }
            }

            if (participants.Select(p => p.Key).Except(driver.Agreements.Take(model.Agreements.Count)).Any())
            {
                Fail(trace, $"as of {Day(asOf)}, as answered at {midway.RecordedAt:O}: the service lists an agreement requested after that moment");
            }
        }
    }

    private static async Task Compare(ServiceDriver driver, ReferenceModel model, Scenario scenario, List<string> trace)
    {
        for (var index = 0; index < model.Agreements.Count; index++)
        {
            var expected = model.Agreements[index];
            var actual = await driver.Details(index);
            var (modelState, serviceState) = (Describe(expected), Describe(actual));
            if (modelState != serviceState)
            {
                Fail(trace, $"agreement #{index}: the model holds {modelState}, the service {serviceState}");
            }

            var history = await driver.History(index);
            if (!history.SequenceEqual(expected.History))
            {
                Fail(trace, $"agreement #{index}: the model's history is [{string.Join(", ", expected.History)}], the service's [{string.Join(", ", history)}]");
            }
        }

        if (model.Agreements.Count == 0)
        {
            return;
        }

        var dates = model.Agreements.SelectMany(agreement => agreement.Boundaries())
            .Append(DateOnly.FromDateTime(DateTime.UtcNow))
            .Distinct()
            .Order()
            .ToList();
        var probed = scenario.Probes.Count == 0 ? dates : scenario.Probes.Select(probe => dates[probe % dates.Count]).Distinct();
        foreach (var asOf in probed)
        {
            var participants = await driver.Participants(asOf);
            for (var index = 0; index < model.Agreements.Count; index++)
            {
                var expected = $"[{Day(model.Agreements[index].SignedOnInForceOn(asOf))}]";
                var actual = $"[{string.Join(", ", participants[driver.Agreements[index]].Select(signedOn => Day(signedOn)))}]";
                if (expected != actual)
                {
                    Fail(trace, $"agreement #{index} as of {Day(asOf)}: the model lists it signed {expected}, the service {actual}");
                }
            }
        }
    }

    private static string Describe(ModelAgreement agreement) =>
        Describe(agreement.Status, agreement.Version, agreement.RequestedOn, agreement.FirstSignedOn, agreement.SignedOn, agreement.ExpiresOn, agreement.SuspendedOn, agreement.LastReinstatedOn, agreement.EndedOn)
        + Pending(agreement.Pending?.Change, agreement.Pending?.EffectiveOn);

    private static string Describe(Agreement agreement) =>
        Describe(agreement.Status, agreement.Version, agreement.RequestedOn, agreement.FirstSignedOn, agreement.SignedOn, agreement.ExpiresOn, agreement.SuspendedOn, agreement.LastReinstatedOn, agreement.EndedOn)
        + Pending(agreement.Pending?.Change, agreement.Pending?.EffectiveOn);

    private static string Pending(AgreementStatus? change, DateOnly? effectiveOn) => change is null ? "" : $" pending {change} {Day(effectiveOn)}";

    private static string Describe(
        AgreementStatus status,
        int version,
        DateOnly requestedOn,
        DateOnly? firstSignedOn,
        DateOnly? signedOn,
        DateOnly? expiresOn,
        DateOnly? suspendedOn,
        DateOnly? lastReinstatedOn,
        DateOnly? endedOn) =>
        $"{status} v{version} requested {Day(requestedOn)} firstSigned {Day(firstSignedOn)} signed {Day(signedOn)} "
        + $"expires {Day(expiresOn)} suspended {Day(suspendedOn)} reinstated {Day(lastReinstatedOn)} ended {Day(endedOn)}";

    private static string Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    private static void Fail(List<string> trace, string mismatch) =>
        throw new XunitException($"{mismatch}{Environment.NewLine}after:{Environment.NewLine}  {string.Join($"{Environment.NewLine}  ", trace)}");
}
