using System.Reflection;
using System.Text.Json;
using EventSourcedAgreements.Agreements;

namespace EventSourcedAgreements.Tests.Officers;

/// <summary>
/// The designated officer's events and their fold: each event has a sample, each is folded by Marten's conventions
/// (<c>Create</c> from the nomination, an <c>Apply</c> for every other), none is an agreement event (the readers of
/// agreement streams would then read officer streams), and each is stored as its own fields only.
/// </summary>
public sealed class OfficerFoldTests
{
    private static readonly DateOnly Nominated = new(2019, 2, 1);

    private static readonly OfficerNominated Nomination = new(
        Guid.CreateVersion7(), Guid.CreateVersion7(), "fl-catalog-county-sheriffs-office", "FL", SupportModel.JEM, Nominated, "person-1");

    private static readonly IReadOnlyList<IOfficerEvent> Samples =
    [
        Nomination,
        new BackgroundInvestigationCompleted(new DateOnly(2019, 3, 1), Passed: true, CitizenshipConfirmed: true),
        new TrainingCompleted(new DateOnly(2019, 4, 12), Course.JEM, "ICE Academy, Charleston, SC"),
        new OfficerCertified(new DateOnly(2019, 4, 15), SupportModel.JEM),
        new AuthoritySuspended(new DateOnly(2019, 6, 1), "Refresher overdue"),
        new AuthorityReinstated(new DateOnly(2019, 7, 1)),
        new AuthoritySuspendedForRefresher(new DateOnly(2019, 8, 1), new DateOnly(2019, 4, 15)),
        new AuthorityRevoked(new DateOnly(2020, 1, 1), "Misconduct finding"),
        new OfficerSeparated(new DateOnly(2020, 2, 1), "Retired"),
        new AuthorityLapsedWithAgreement(new DateOnly(2020, 3, 1), AgreementStatus.Terminated),
        new AuthorityRestoredWithAgreement(new DateOnly(2020, 4, 1)),
        new OfficerDateCorrected(new DateOnly(2020, 5, 1), OfficerDateCorrected.CertifiedOn, new DateOnly(2019, 4, 15), new DateOnly(2019, 4, 16), "The certificate says the 16th"),
    ];

    public static TheoryData<string> EventTypes => [.. Samples.Select(sample => sample.GetType().Name)];

    [Fact]
    public void every_officer_event_has_a_sample_and_none_is_an_agreement_event()
    {
        var events = typeof(IOfficerEvent).Assembly.GetTypes().Where(type => type.IsClass && type.IsAssignableTo(typeof(IOfficerEvent))).ToList();

        events.Select(type => type.Name).ShouldBe(Samples.Select(sample => sample.GetType().Name), ignoreOrder: true);
        events.ShouldAllBe(type => !type.IsAssignableTo(typeof(IAgreementEvent)));
        AgreementEvents.Types.ShouldAllBe(type => !type.IsAssignableTo(typeof(IOfficerEvent)));
    }

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void the_officer_folds_the_event_by_convention(string type)
    {
        var sample = Samples.Single(e => e.GetType().Name == type);
        var method = sample is OfficerNominated
            ? typeof(Officer).GetMethod(nameof(Officer.Create), BindingFlags.Public | BindingFlags.Static, [sample.GetType()])
            : typeof(Officer).GetMethod("Apply", BindingFlags.Public | BindingFlags.Instance, [sample.GetType()]);

        method.ShouldNotBeNull($"Officer has no {(sample is OfficerNominated ? "Create" : "Apply")} for {type}");
        method.ReturnType.ShouldBe(typeof(Officer));
    }

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void the_stored_json_holds_the_event_fields_only(string type)
    {
        var sample = Samples.Single(e => e.GetType().Name == type);

        var json = JsonSerializer.SerializeToElement(sample, sample.GetType());
        var fields = sample.GetType().GetProperties().Where(p => p.DeclaringType == sample.GetType() && p.Name != "EqualityContract").Select(p => p.Name);

        json.EnumerateObject().Select(p => p.Name).ShouldBe(fields, ignoreOrder: true);
    }

    [Fact]
    public void a_nominated_officer_cleared_trained_and_certified_holds_authority_under_the_agreements_model()
    {
        var officer = Officer.Create(Nomination)
            .Apply(new BackgroundInvestigationCompleted(new DateOnly(2019, 3, 1), Passed: true, CitizenshipConfirmed: true))
            .Apply(new TrainingCompleted(new DateOnly(2019, 4, 12), Course.JEM, "ICE Academy, Charleston, SC"));

        officer.Status.ShouldBe(OfficerStatus.Nominated);
        officer.ClearedOn.ShouldBe(new DateOnly(2019, 3, 1));
        officer.TrainedFor(SupportModel.JEM).ShouldBeTrue();
        officer.TrainedFor(SupportModel.WSO).ShouldBeFalse();

        var certified = officer.Apply(new OfficerCertified(new DateOnly(2019, 4, 15), SupportModel.JEM));
        certified.Status.ShouldBe(OfficerStatus.Authorized);
        certified.CertifiedOn.ShouldBe(new DateOnly(2019, 4, 15));
        (certified.Id, certified.AgreementId, certified.AgencyId, certified.Model, certified.PersonKey)
            .ShouldBe((Nomination.OfficerId, Nomination.AgreementId, Nomination.AgencyId, SupportModel.JEM, "person-1"));
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void a_failed_investigation_or_an_unconfirmed_citizenship_disqualifies(bool passed, bool citizenshipConfirmed)
    {
        var officer = Officer.Create(Nomination).Apply(new BackgroundInvestigationCompleted(new DateOnly(2019, 3, 1), passed, citizenshipConfirmed));

        officer.Status.ShouldBe(OfficerStatus.Disqualified);
        officer.ClearedOn.ShouldBeNull();
    }

    [Fact]
    public void a_suspension_is_lifted_by_a_reinstatement_and_a_revocation_or_separation_ends_authority_for_good()
    {
        var authorized = Officer.Create(Nomination).Apply(new OfficerCertified(new DateOnly(2019, 4, 15), SupportModel.JEM));

        var suspended = authorized.Apply(new AuthoritySuspended(new DateOnly(2019, 6, 1), "Refresher overdue"));
        suspended.Status.ShouldBe(OfficerStatus.Suspended);
        suspended.SuspendedOn.ShouldBe(new DateOnly(2019, 6, 1));
        var reinstated = suspended.Apply(new AuthorityReinstated(new DateOnly(2019, 7, 1)));
        reinstated.Status.ShouldBe(OfficerStatus.Authorized);
        reinstated.SuspendedOn.ShouldBeNull();

        var revoked = reinstated.Apply(new AuthorityRevoked(new DateOnly(2020, 1, 1), "Misconduct finding"));
        (revoked.Status, revoked.EndedOn, revoked.EndReason).ShouldBe((OfficerStatus.Revoked, new DateOnly(2020, 1, 1), "Misconduct finding"));
        var separated = reinstated.Apply(new OfficerSeparated(new DateOnly(2020, 2, 1), "Retired"));
        (separated.Status, separated.EndedOn, separated.EndReason).ShouldBe((OfficerStatus.Separated, new DateOnly(2020, 2, 1), "Retired"));
    }

    [Theory]
    [InlineData(SupportModel.JEM, Course.JEM)]
    [InlineData(SupportModel.WSO, Course.WSO)]
    [InlineData(SupportModel.TFM, Course.TFM)]
    public void each_model_requires_its_own_basic_course_and_a_refresher_is_none(SupportModel model, Course course)
    {
        Officer.BasicCourse(model).ShouldBe(course);
        var refreshed = Officer.Create(Nomination with { Model = model }).Apply(new TrainingCompleted(new DateOnly(2019, 4, 12), Course.Refresher, "Agency"));
        refreshed.TrainedFor(model).ShouldBeFalse();
    }

    [Fact]
    public void an_authority_suspended_with_the_agreement_is_restored_with_it_and_one_ended_with_it_lapses()
    {
        var authorized = Officer.Create(Nomination).Apply(new OfficerCertified(new DateOnly(2019, 4, 15), SupportModel.JEM));

        var suspended = authorized.Apply(new AuthorityLapsedWithAgreement(new DateOnly(2019, 6, 1), AgreementStatus.Suspended));
        (suspended.Status, suspended.SuspendedOn, suspended.SuspendedWithAgreement).ShouldBe((OfficerStatus.Suspended, (DateOnly?)new DateOnly(2019, 6, 1), true));
        var restored = suspended.Apply(new AuthorityRestoredWithAgreement(new DateOnly(2019, 7, 1)));
        (restored.Status, restored.SuspendedOn, restored.SuspendedWithAgreement, restored.LastChangeOn).ShouldBe((OfficerStatus.Authorized, (DateOnly?)null, false, (DateOnly?)new DateOnly(2019, 7, 1)));

        var lapsed = suspended.Apply(new AuthorityLapsedWithAgreement(new DateOnly(2020, 1, 1), AgreementStatus.Terminated));
        (lapsed.Status, lapsed.EndedOn, lapsed.EndReason, lapsed.IsClosed).ShouldBe((OfficerStatus.Lapsed, (DateOnly?)new DateOnly(2020, 1, 1), "The agreement was terminated.", true));
    }
}
