using System.Globalization;
using EventSourcedAgreements.Agreements;

namespace EventSourcedAgreements.Tests.Properties;

public enum CommandKind
{
    Request,
    Sign,
    Amend,
    Renew,
    Suspend,
    Reinstate,
    Terminate,
    Expire,
    Withdraw,
    Reject,
    CorrectSigning,
    CorrectExpiry,
}

/// <summary>
/// What a generated date is relative to, so that it lands before, on or after the dates the agreement already holds:
/// <see cref="Main"/> is the command's own date (for an expiry), <see cref="Natural"/> the date the command's rules compare it with.
/// </summary>
public enum Anchor
{
    Today,
    Requested,
    FirstSigned,
    Signed,
    Expires,
    LatestChange,
    Main,
    Natural,
}

public enum VersionSpec
{
    Absent,
    Current,
    Stale,
    Invalid,
}

public enum Actor
{
    Officer,
    OwnAgency,
    OtherAgency,
}

public enum LinkSpec
{
    None,
    Valid,
    Malformed,
}

public sealed record DateSpec(Anchor Anchor, int Offset)
{
    public override string ToString() => Offset == 0 ? Anchor.ToString() : $"{Anchor}{Offset.ToString("+0;-0", CultureInfo.InvariantCulture)}";
}

/// <summary>
/// A generated command, with its dates relative to the agreement it addresses: resolved against the reference model
/// just before it is sent, so that the same step means the same concrete command for the model and the service.
/// Without a <see cref="Kind"/>, it is the <see cref="Pick"/>th of the commands that fit the agreement's status, so
/// that sequences get past the first transitions.
/// </summary>
public sealed record GeneratedCommand(
    CommandKind? Kind,
    int Pick,
    int Target,
    SupportModel Model,
    DateSpec? Date,
    DateSpec? ExpiresOn,
    LinkSpec Link,
    VersionSpec Version,
    Actor Actor,
    TerminationInitiator InitiatedBy)
{
    public const int UnknownTarget = -1;

    public override string ToString()
    {
        var kind = Kind?.ToString() ?? $"Fitting({Pick})";
        var target = Kind == CommandKind.Request ? Model.ToString() : Target == UnknownTarget ? "#unknown" : $"#{Target}";
        var parts = new List<string> { kind, target };
        parts.AddRange(Fields());
        return string.Join(' ', parts);
    }

    private IEnumerable<string> Fields()
    {
        if (Date is not null)
        {
            yield return $"date={Date}";
        }

        if (ExpiresOn is not null)
        {
            yield return $"expiresOn={ExpiresOn}";
        }

        if (Link != LinkSpec.None)
        {
            yield return $"link={Link}";
        }

        if (Version != VersionSpec.Absent)
        {
            yield return $"version={Version}";
        }

        if (Actor != Actor.Officer)
        {
            yield return $"by={Actor}";
        }

        if (InitiatedBy != TerminationInitiator.ICE)
        {
            yield return $"initiatedBy={InitiatedBy}";
        }
    }
}

/// <summary>One agency's commands, and the dates whose participation answers are compared at the end (every date the commands named when there are no probes).</summary>
public sealed record Scenario(string State, IReadOnlyList<GeneratedCommand> Steps, IReadOnlyList<int> Probes)
{
    public override string ToString() =>
        $"state {State}, probes [{string.Join(", ", Probes)}]{Environment.NewLine}  {string.Join($"{Environment.NewLine}  ", Steps)}";
}

/// <summary>A step resolved to concrete values: what the model decides on and what the service is sent.</summary>
public sealed record SentCommand(
    CommandKind Kind,
    int? Target,
    SupportModel Model,
    DateOnly? Date,
    DateOnly? ExpiresOn,
    string? MoaUrl,
    int? ExpectedVersion,
    Actor Actor,
    TerminationInitiator InitiatedBy)
{
    public const string MalformedUrl = "not a link";

    private static readonly CommandKind[] FitRequested = [.. Enumerable.Repeat(CommandKind.Sign, 8), CommandKind.Withdraw, CommandKind.Reject];

    private static readonly CommandKind[] FitActive =
        [CommandKind.Amend, CommandKind.Amend, CommandKind.Renew, CommandKind.Renew, CommandKind.Suspend, CommandKind.Suspend, CommandKind.Terminate, CommandKind.Expire, CommandKind.CorrectSigning, CommandKind.CorrectExpiry];

    private static readonly CommandKind[] FitSuspended =
        [CommandKind.Reinstate, CommandKind.Reinstate, CommandKind.Reinstate, CommandKind.Amend, CommandKind.Renew, CommandKind.Terminate, CommandKind.Expire, CommandKind.CorrectSigning, CommandKind.CorrectExpiry];

    private static readonly CommandKind[] FitEnded = [CommandKind.CorrectSigning, CommandKind.CorrectExpiry, CommandKind.Amend, CommandKind.Renew, CommandKind.Reinstate, CommandKind.Sign];

    public static SentCommand Resolve(GeneratedCommand step, ReferenceModel model, DateOnly today)
    {
        int? target = step.Kind == CommandKind.Request || step.Target == GeneratedCommand.UnknownTarget || model.Agreements.Count == 0
            ? null
            : step.Target % model.Agreements.Count;
        var agreement = target is int index ? model.Agreements[index] : null;
        var kind = step.Kind ?? Fitting(agreement?.Status, step.Pick);
        var date = step.Date is null || kind is CommandKind.Expire or CommandKind.Withdraw or CommandKind.Reject
            ? (DateOnly?)null
            : Resolve(step.Date, kind, agreement, today, main: null);
        var hasExpiry = kind is CommandKind.Sign or CommandKind.Amend or CommandKind.Renew;
        var version = agreement?.Version ?? 1;
        return new SentCommand(
            kind,
            target,
            step.Model,
            date,
            step.ExpiresOn is null || !hasExpiry ? null : Resolve(step.ExpiresOn, kind, agreement, today, date),
            !hasExpiry ? null : step.Link switch
            {
                LinkSpec.Valid => $"https://www.ice.gov/doclib/287gMOA/{kind}-{date:yyyyMMdd}.pdf",
                LinkSpec.Malformed => MalformedUrl,
                _ => null,
            },
            kind == CommandKind.Request ? null : step.Version switch
            {
                VersionSpec.Current => version,
                VersionSpec.Stale => version > 1 ? version - 1 : version + 1,
                VersionSpec.Invalid => 0,
                _ => null,
            },
            kind is CommandKind.Terminate or CommandKind.Withdraw ? step.Actor : Actor.Officer,
            step.InitiatedBy);
    }

    private static CommandKind Fitting(AgreementStatus? status, int pick)
    {
        var fitting = status switch
        {
            AgreementStatus.Requested or null => FitRequested,
            AgreementStatus.Active => FitActive,
            AgreementStatus.Suspended => FitSuspended,
            _ => FitEnded,
        };
        return fitting[pick % fitting.Length];
    }

    private static DateOnly Resolve(DateSpec spec, CommandKind kind, ModelAgreement? agreement, DateOnly today, DateOnly? main)
    {
        var anchor = spec.Anchor == Anchor.Natural ? Natural(kind) : spec.Anchor;
        var date = anchor switch
        {
            Anchor.Today => today,
            Anchor.Requested => agreement?.RequestedOn,
            Anchor.FirstSigned => agreement?.FirstSignedOn,
            Anchor.Signed => agreement?.SignedOn,
            Anchor.Expires => agreement?.ExpiresOn,
            Anchor.LatestChange => agreement?.LatestChange,
            _ => main,
        };
        return (date ?? main ?? agreement?.SignedOn ?? agreement?.RequestedOn ?? today).AddDays(spec.Offset);
    }

    private static Anchor Natural(CommandKind kind) => kind switch
    {
        CommandKind.Request => Anchor.Today,
        CommandKind.Sign => Anchor.Requested,
        CommandKind.Amend or CommandKind.Renew or CommandKind.CorrectSigning => Anchor.Signed,
        CommandKind.CorrectExpiry => Anchor.Expires,
        _ => Anchor.LatestChange,
    };

    public override string ToString()
    {
        var parts = new List<string> { Kind.ToString(), Target is int index ? $"#{index}" : Kind == CommandKind.Request ? Model.ToString() : "#unknown" };
        if (Date is { } date)
        {
            parts.Add($"date={date:yyyy-MM-dd}");
        }

        if (ExpiresOn is { } expiresOn)
        {
            parts.Add($"expiresOn={expiresOn:yyyy-MM-dd}");
        }

        if (MoaUrl is not null)
        {
            parts.Add(MoaUrl == MalformedUrl ? "moaUrl=malformed" : "moaUrl");
        }

        if (ExpectedVersion is { } expected)
        {
            parts.Add($"expectedVersion={expected}");
        }

        if (Actor != Actor.Officer)
        {
            parts.Add($"by={Actor}");
        }

        if (Kind == CommandKind.Terminate)
        {
            parts.Add($"initiatedBy={InitiatedBy}");
        }

        return string.Join(' ', parts);
    }
}
