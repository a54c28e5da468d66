using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Publications;
using EventSourcedAgreements.Publications.Importing;
using EventSourcedAgreements.Publications.Reading;

namespace EventSourcedAgreements.Tests.Publications;

public sealed class ReconciliationTests
{
    private static readonly DateOnly Published = new(2026, 12, 1);
    private static readonly UsState Arizona = UsState.FromCode("AZ");

    private static Agreement ArizonaCorrections(AgreementStatus status, DateOnly? endedOn = null) =>
        Agreement.Start(new AgreementRequested(Guid.CreateVersion7(), AgencyIdentity.IdFor(Arizona, "Arizona Department of Corrections"), "AZ", "Arizona Department of Corrections", AgencyType.State, null, SupportModel.JEM, new DateOnly(2016, 6, 1)))
            .Next(new AgreementSigned(new DateOnly(2020, 6, 16), null, null, MoaPosted: true)) with
        { Status = status, EndedOn = endedOn };

    private static PublicationContent List(params PublishedRow[] rows) => new(PublicationKind.Participating, rows, []);

    private static PublishedRow Row(DateOnly signedOn) => new(2, Arizona, "Arizona Department of Corrections", AgencyType.State, null, SupportModel.JEM, signedOn, null, true);

    [Fact]
    public void an_agreement_whose_recorded_end_lies_after_the_list_is_matched_not_started_again()
    {
        var ending = ArizonaCorrections(AgreementStatus.Terminated, endedOn: new DateOnly(2027, 3, 1));

        var plan = Reconciliation.Plan(List(Row(new DateOnly(2020, 6, 16))), Published, [ending], new Dictionary<Guid, DateOnly>(), _ => Guid.CreateVersion7());

        plan.Changes.ShouldBeEmpty();
        plan.Lines.ShouldHaveSingleItem().Kind.ShouldBe(ChangeKind.Unchanged);
        plan.Lines.Single().AgreementId.ShouldBe(ending.Id);
    }

    [Fact]
    public void an_agreement_no_earlier_list_showed_is_not_delisted_by_a_list_without_it()
    {
        var byCommand = ArizonaCorrections(AgreementStatus.Active);

        var plan = Reconciliation.Plan(List(), Published, [byCommand], new Dictionary<Guid, DateOnly>(), _ => Guid.CreateVersion7());

        plan.Changes.ShouldBeEmpty();
        plan.Lines.ShouldHaveSingleItem().Kind.ShouldBe(ChangeKind.Conflict);
    }

    [Fact]
    public void an_agreement_an_earlier_list_showed_is_delisted_with_both_dates()
    {
        var listed = ArizonaCorrections(AgreementStatus.Active);

        var plan = Reconciliation.Plan(List(), Published, [listed], new Dictionary<Guid, DateOnly> { [listed.Id] = new(2025, 7, 18) }, _ => Guid.CreateVersion7());

        plan.Changes.ShouldHaveSingleItem().Events.ShouldBe([new AgreementDelisted(new DateOnly(2025, 7, 18), Published)]);
    }

    [Theory]
    [InlineData("2020-06-16", "2020-06-20", true)]
    [InlineData("2020-06-16", "2020-08-14", true)]
    [InlineData("2020-06-16", "2020-08-16", false)]
    [InlineData("2019-01-22", "2020-01-22", true)]
    [InlineData("2016-06-08", "2020-06-16", false)]
    [InlineData("2020-06-16", "2020-06-01", true)]
    public void a_later_date_close_to_the_printed_one_or_a_year_on_to_the_day_is_a_correction(string printed, string now, bool correction)
    {
        Agreement.IsCorrection(DateOnly.Parse(printed, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(now, System.Globalization.CultureInfo.InvariantCulture))
            .ShouldBe(correction);
    }
}
