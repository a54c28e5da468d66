using CsCheck;
using EventSourcedAgreements.Agreements;

namespace EventSourcedAgreements.Tests.Properties;

public static class Generators
{
    public const int MaxSteps = 8;
    public const int ProbeCount = 3;

    private static readonly string[] States = ["AL", "AZ", "AR", "CA", "CO", "FL", "GA", "ID", "IN", "LA", "MS", "MT", "NC", "NH", "NV", "OK", "PA", "SC", "TN", "TX", "UT", "VA", "WV", "WY"];

    private static readonly CommandKind[] Kinds = [.. Enum.GetValues<CommandKind>().Where(kind => kind != CommandKind.Request)];

    private static readonly Gen<int> Offset = Gen.Frequency(
        (4, Gen.Int[0, 3]),
        (2, Gen.Int[-3, -1]),
        (3, Gen.Int[4, 400]),
        (1, Gen.Int[-400, -4]),
        (1, Gen.Int[401, 1500]));

    private static readonly Gen<DateSpec?> RequestedOn = Gen.Frequency(
        (1, Gen.Const<DateSpec?>(default(DateSpec))),
        (10, Gen.Int[-3000, -1].Select(days => (DateSpec?)new DateSpec(Anchor.Today, days))),
        (1, Gen.Int[0, 1].Select(days => (DateSpec?)new DateSpec(Anchor.Today, days))));

    private static readonly Gen<DateSpec?> Date = Gen.Select(
        Gen.Frequency((12, Anchor.Natural), (2, Anchor.Today), (1, Anchor.Requested), (1, Anchor.FirstSigned), (1, Anchor.Signed), (1, Anchor.Expires), (1, Anchor.LatestChange)),
        Offset,
        (anchor, offset) => (DateSpec?)new DateSpec(anchor, offset));

    private static readonly Gen<DateSpec?> ExpiresOn = Gen.Frequency(
        (4, Gen.Const<DateSpec?>(default(DateSpec))),
        (4, Gen.Int[1, 1500].Select(days => (DateSpec?)new DateSpec(Anchor.Main, days))),
        (1, Gen.Int[-2, 0].Select(days => (DateSpec?)new DateSpec(Anchor.Main, days))),
        (2, Offset.Select(days => (DateSpec?)new DateSpec(Anchor.Today, -days))));

    private static readonly Gen<LinkSpec> Link = Gen.Frequency((4, LinkSpec.None), (5, LinkSpec.Valid), (1, LinkSpec.Malformed));

    private static readonly Gen<VersionSpec> Version = Gen.Frequency((6, VersionSpec.Absent), (6, VersionSpec.Current), (1, VersionSpec.Stale), (1, VersionSpec.Invalid));

    private static readonly Gen<Actor> Actor = Gen.Frequency((6, Properties.Actor.Officer), (3, Properties.Actor.OwnAgency), (1, Properties.Actor.OtherAgency));

    private static readonly Gen<TerminationInitiator> InitiatedBy = Gen.OneOf(TerminationInitiator.ICE, TerminationInitiator.Agency);

    private static readonly Gen<SupportModel> Model = Gen.OneOf(SupportModel.JEM, SupportModel.WSO);

    private static readonly Gen<CommandKind?> Kind = Gen.Frequency(
        (4, Gen.Const<CommandKind?>(default(CommandKind?))),
        (1, Gen.OneOf(Kinds).Select(kind => (CommandKind?)kind)));

    /// <summary>Sequences on one agreement: it is requested first, and now and then a command names an agreement that does not exist.</summary>
    public static readonly Gen<Scenario> OneAgreement = Scenarios(
        RequestedOn.Select(requestedOn => Request(SupportModel.JEM, requestedOn)),
        Gen.Frequency((29, Gen.Const(0)), (1, Gen.Const(GeneratedCommand.UnknownTarget))),
        requests: 0);

    /// <summary>Sequences on up to three agreements of one agency, two models: later requests meet the one-open-agreement-per-model rule.</summary>
    public static readonly Gen<Scenario> SeveralAgreements = Scenarios(
        Gen.Select(Model, RequestedOn, Request),
        Gen.Frequency((29, Gen.Int[0, 2]), (1, Gen.Const(GeneratedCommand.UnknownTarget))),
        requests: 1);

    /// <summary>Sequences on up to three agreements of one agency, the first requested under <paramref name="model"/> (the model a list shows it under).</summary>
    public static Gen<Scenario> SeveralAgreementsUnder(SupportModel model) => Scenarios(
        RequestedOn.Select(requestedOn => Request(model, requestedOn)),
        Gen.Frequency((29, Gen.Int[0, 2]), (1, Gen.Const(GeneratedCommand.UnknownTarget))),
        requests: 1);

    private static GeneratedCommand Request(SupportModel model, DateSpec? requestedOn) =>
        new(CommandKind.Request, 0, 0, model, requestedOn, null, LinkSpec.None, VersionSpec.Absent, Properties.Actor.Officer, TerminationInitiator.ICE);

    private static Gen<Scenario> Scenarios(Gen<GeneratedCommand> first, Gen<int> target, int requests)
    {
        var command = Gen.Select(
            Gen.Select(Kind, Gen.Int[0, 99], target, (kind, pick, t) => (Kind: kind, Pick: pick, Target: t)),
            Gen.Select(Date, ExpiresOn, Link, (date, expiry, link) => (Date: date, ExpiresOn: expiry, Link: link)),
            Gen.Select(Version, Actor, InitiatedBy, (version, actor, initiator) => (Version: version, Actor: actor, InitiatedBy: initiator)),
            (what, dates, how) => new GeneratedCommand(what.Kind, what.Pick, what.Target, default, dates.Date, dates.ExpiresOn, dates.Link, how.Version, how.Actor, how.InitiatedBy));
        var step = requests == 0 ? command : Gen.Frequency((8, command), (requests, Gen.Select(Model, RequestedOn, Request)));

        return Gen.Select(
            Gen.OneOf(States),
            first,
            step.List[Gen.Frequency((1, Gen.Int[0, 3]), (3, Gen.Int[4, MaxSteps - 1]))],
            Gen.Int[0, 1000].List[ProbeCount],
            (state, head, rest, probes) => new Scenario(state, [head, .. rest], probes));
    }
}
