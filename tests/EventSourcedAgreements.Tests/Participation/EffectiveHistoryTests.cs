using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Participation;

namespace EventSourcedAgreements.Tests.Participation;

public sealed class EffectiveHistoryTests
{
    private static readonly EffectiveHistory Requested = EffectiveHistory.Start(new AgreementRequested(
        Guid.CreateVersion7(), "al-etowah-county-sheriffs-office", "AL", "Etowah County Sheriff's Office", AgencyType.County, null, SupportModel.JEM, new DateOnly(2016, 6, 1)));

    private static EffectiveHistory After(params object[] events) => events.Aggregate(Requested, (history, e) => history.Apply(e));

    private static string Segments(EffectiveHistory history) =>
        string.Join("; ", history.Segments().Select(s => $"{s.From:yyyy-MM-dd}..{s.To:yyyy-MM-dd} signed {s.Moa.SignedOn:yyyy-MM-dd} {s.Moa.MoaUrl} {s.Certainty}"));

    [Fact]
    public void a_correction_to_before_the_previous_moa_leaves_the_corrected_moa_in_force_with_its_new_link()
    {
        var history = After(
            new AgreementSigned(new DateOnly(2016, 6, 8), "https://ice.gov/2016.pdf", null),
            new AgreementRenewed(new DateOnly(2020, 6, 9), "https://ice.gov/2020.pdf", null, new DateOnly(2016, 6, 8)),
            new SigningDateCorrected(new DateOnly(2025, 9, 1), new DateOnly(2020, 6, 9), new DateOnly(2015, 1, 5)),
            new MoaLinkChanged(new DateOnly(2025, 9, 1), "https://ice.gov/2015.pdf", true));

        Segments(history).ShouldBe("2015-01-05.. signed 2015-01-05 https://ice.gov/2015.pdf Certain");
    }

    [Fact]
    public void a_link_change_touches_the_moa_in_force_only()
    {
        var history = After(
            new AgreementSigned(new DateOnly(2016, 6, 8), "https://ice.gov/2016.pdf", null),
            new AgreementRenewed(new DateOnly(2020, 6, 9), null, null, new DateOnly(2016, 6, 8)),
            new MoaLinkChanged(new DateOnly(2021, 1, 13), "https://ice.gov/2020.pdf", true));

        Segments(history).ShouldBe(
            "2016-06-08..2020-06-09 signed 2016-06-08 https://ice.gov/2016.pdf Certain; 2020-06-09.. signed 2020-06-09 https://ice.gov/2020.pdf Certain");
    }

    [Fact]
    public void an_moa_is_in_force_until_its_expiry_and_a_renewal_before_it_carries_on()
    {
        var lapsed = After(new AgreementSigned(new DateOnly(2019, 1, 22), null, new DateOnly(2022, 1, 22)));
        var renewed = After(
            new AgreementSigned(new DateOnly(2019, 1, 22), null, new DateOnly(2022, 1, 22)),
            new AgreementRenewed(new DateOnly(2022, 1, 10), null, new DateOnly(2025, 1, 10), new DateOnly(2019, 1, 22)));
        var extended = After(
            new AgreementSigned(new DateOnly(2019, 1, 22), null, new DateOnly(2022, 1, 22)),
            new AgreementAmended(new DateOnly(2021, 6, 1), "extended", null, new DateOnly(2023, 1, 22)));

        Segments(lapsed).ShouldBe("2019-01-22..2022-01-22 signed 2019-01-22  Certain");
        Segments(renewed).ShouldBe("2019-01-22..2022-01-10 signed 2019-01-22  Certain; 2022-01-10..2025-01-10 signed 2022-01-10  Certain");
        Segments(extended).ShouldBe("2019-01-22..2023-01-22 signed 2019-01-22  Certain");
    }

    [Fact]
    public void a_delisted_agreement_is_certain_through_the_last_list_and_uncertain_until_the_list_without_it()
    {
        var history = After(
            new AgreementSigned(new DateOnly(2017, 1, 1), null, null, MoaPosted: true),
            new AgreementDelisted(new DateOnly(2019, 5, 20), new DateOnly(2021, 1, 13)));

        Segments(history).ShouldBe("2017-01-01..2019-05-21 signed 2017-01-01  Certain; 2019-05-21..2021-01-13 signed 2017-01-01  Uncertain");
        history.Changes().Last().ShouldBe((StepKind.Delisted, new DateOnly(2021, 1, 13), (DateOnly?)new DateOnly(2019, 5, 21), (DateOnly?)null));
    }

    [Fact]
    public void a_suspension_is_a_gap_and_a_renewal_during_it_takes_over_after_reinstatement()
    {
        var history = After(
            new AgreementSigned(new DateOnly(2019, 1, 22), null, null),
            new AgreementSuspended(new DateOnly(2019, 6, 1), "audit"),
            new AgreementRenewed(new DateOnly(2019, 8, 1), null, null, new DateOnly(2019, 1, 22)),
            new AgreementReinstated(new DateOnly(2019, 9, 1)));

        Segments(history).ShouldBe("2019-01-22..2019-06-01 signed 2019-01-22  Certain; 2019-09-01.. signed 2019-08-01  Certain");
    }
}
