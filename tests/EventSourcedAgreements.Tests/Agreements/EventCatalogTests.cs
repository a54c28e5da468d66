using System.Text.Json;
using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Participation;

namespace EventSourcedAgreements.Tests.Agreements;

/// <summary>
/// Every agreement event (every <see cref="IAgreementEvent"/> in the service) has a sample here, and each sample is
/// folded by the aggregate, read by the participation history, dated and stored as its own fields only. A new event
/// fails here until it is handled everywhere, instead of failing at run time or being ignored in silence.
/// </summary>
public sealed class EventCatalogTests
{
    private static readonly DateOnly Requested = new(2019, 1, 2);
    private static readonly DateOnly Signed = new(2019, 2, 1);
    private static readonly DateOnly Later = new(2020, 3, 4);

    private static readonly AgreementRequested Request = new(
        Guid.CreateVersion7(), "fl-catalog-county-sheriffs-office", "FL", "Catalog County Sheriff's Office", AgencyType.County, "Catalog", SupportModel.JEM, Requested);

    private static readonly AgreementSigned Signing = new(Signed, "https://www.ice.gov/moa/catalog.pdf", new DateOnly(2022, 2, 1));

    /// <summary>The event types sampled; each sample follows the request and the signing.</summary>
    public static TheoryData<string> EventTypes => [.. Samples.Keys.Select(type => type.Name)];

    /// <summary>
    /// One sample of each event: the date it is about, its reason, and whether it changes what the participation history
    /// of a signed agreement holds (its MOA versions, suspensions or end), which the request, a withdrawal or rejection
    /// (of a request, not of an agreement in force), a reinstatement without a suspension, a reminder and a scheduled
    /// change taking effect (its date counted when it was recorded) do not.
    /// </summary>
    private static readonly IReadOnlyDictionary<Type, (IAgreementEvent Event, DateOnly BusinessDate, string? Reason, bool ChangesSigned)> Samples =
        new (IAgreementEvent Event, DateOnly BusinessDate, string? Reason, bool ChangesSigned)[]
        {
            (Request, Requested, null, false),
            (Signing, Signed, null, true),
            (new AgreementAmended(Later, "Amended scope", null, new DateOnly(2023, 2, 1)), Later, "Amended scope", true),
            (new AgreementRenewed(Later, null, new DateOnly(2025, 3, 4), Signed), Later, null, true),
            (new AgreementSuspended(Later, "Audit"), Later, "Audit", true),
            (new AgreementReinstated(Later), Later, null, false),
            (new AgreementTerminated(Later, TerminationInitiator.ICE, "Ended"), Later, "Ended", true),
            (new AgreementExpired(Later), Later, null, true),
            (new AgreementDelisted(Signed, Later), Later, null, true),
            (new SigningDateCorrected(Later, Signed, Signed.AddDays(3), "Typo"), Later, "Typo", true),
            (new SigningDateDisputed(Signed, "Before the program"), Signed, "Before the program", true),
            (new ExpiryCorrected(Later, new DateOnly(2022, 2, 1), new DateOnly(2022, 3, 1), "Misread"), Later, "Misread", true),
            (new MoaLinkChanged(Later, "https://www.ice.gov/moa/catalog-2.pdf", MoaPosted: true), Later, null, true),
            (new ScheduledChangeTookEffect(Later, AgreementStatus.Suspended), Later, null, false),
            (new ExpiryReminderIssued(new DateOnly(2022, 2, 1), 90, Later), Later, null, false),
            (new RequestWithdrawn(Later, "Changed its mind"), Later, "Changed its mind", false),
            (new RequestRejected(Later, "Not eligible"), Later, "Not eligible", false),
        }.ToDictionary(sample => sample.Event.GetType());

    [Fact]
    public void every_agreement_event_has_a_sample()
    {
        var events = typeof(IAgreementEvent).Assembly.GetTypes().Where(type => type.IsClass && type.IsAssignableTo(typeof(IAgreementEvent)));

        events.Select(type => type.Name).ShouldBe(Samples.Keys.Select(type => type.Name), ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void the_event_carries_its_business_date_and_reason(string type)
    {
        var (@event, businessDate, reason, _) = Sample(type);

        @event.BusinessDate.ShouldBe(businessDate);
        @event.Reason.ShouldBe(reason);
    }

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void the_aggregate_folds_the_event_from_a_request_and_from_an_agreement_in_force(string type)
    {
        var (@event, _, _, _) = Sample(type);
        var requested = Agreement.Start(Request);
        var inForce = requested.Next(Signing);

        if (@event is AgreementRequested)
        {
            Agreement.Start(Request).Version.ShouldBe(1);
            return;
        }

        requested.Next(@event).Version.ShouldBe(2);
        inForce.Next(@event).Version.ShouldBe(3);
        inForce.Next(@event, restated: true).Version.ShouldBe(3);
    }

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void the_participation_history_reads_the_event(string type)
    {
        var (@event, _, _, changesSigned) = Sample(type);
        var signed = EffectiveHistory.Start(Request).Apply(Signing);

        var read = signed.Apply(@event);
        if (changesSigned)
        {
            read.ShouldNotBeSameAs(signed, $"{type} should change the history of a signed agreement");
        }
        else
        {
            read.ShouldBeSameAs(signed, $"{type} should leave the history of a signed agreement as it was");
        }

        Should.NotThrow(() => signed.Apply(@event, restated: true));
        Should.NotThrow(() => EffectiveHistory.Start(Request).Apply(@event));
    }

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void the_stored_json_holds_the_event_fields_only(string type)
    {
        var (@event, _, _, _) = Sample(type);

        var json = JsonSerializer.SerializeToElement(@event, @event.GetType());
        var fields = @event.GetType().GetProperties().Where(p => p.GetMethod?.IsPublic == true && p.DeclaringType == @event.GetType() && p.Name != "EqualityContract").Select(p => p.Name);

        json.EnumerateObject().Select(p => p.Name).ShouldBeSubsetOf(fields);
        json.EnumerateObject().Select(p => p.Name).ShouldNotContain(nameof(IAgreementEvent.BusinessDate));
    }

    /// <summary>A type the participation history did not read would throw, rather than leave the record silently without it.</summary>
    [Fact]
    public void an_agreement_event_the_history_does_not_read_is_refused()
    {
        var signed = EffectiveHistory.Start(Request).Apply(Signing);

        Should.Throw<ArgumentException>(() => signed.Apply(new Unread(Later))).Message.ShouldContain(nameof(Unread));
    }

    private static (IAgreementEvent Event, DateOnly BusinessDate, string? Reason, bool ChangesSigned) Sample(string type) =>
        Samples.Single(sample => sample.Key.Name == type).Value;

    private sealed record Unread(DateOnly On) : IAgreementEvent
    {
        DateOnly IAgreementEvent.BusinessDate => On;
    }
}
