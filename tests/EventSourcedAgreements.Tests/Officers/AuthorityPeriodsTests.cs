using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Officers.Authority;
using JasperFx.Events;

namespace EventSourcedAgreements.Tests.Officers;

/// <summary>The stretches of days with authority that <c>officer_authority_periods</c> holds, from an officer's events.</summary>
public sealed class AuthorityPeriodsTests
{
    private static readonly DateTimeOffset Recorded = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<(DateOnly From, DateOnly? To)> Effective(params object[] events) =>
        [.. AuthorityPeriods.Rows(events.Select((data, i) => (IEvent)new Event<object>(data) { Version = i + 1, Timestamp = Recorded.AddSeconds(i) }))
            .Where(row => row.KnownTo is null)
            .Select(row => (row.EffectiveFrom, row.EffectiveTo))
            .OrderBy(period => period.EffectiveFrom)];

    private static readonly object[] Certified =
    [
        new OfficerNominated(Guid.CreateVersion7(), Guid.CreateVersion7(), "vt-chittenden-county-sheriffs-office", "VT", SupportModel.WSO, new DateOnly(2019, 4, 2), "person-1"),
        new OfficerCertified(new DateOnly(2019, 5, 1), SupportModel.WSO),
    ];

    [Fact]
    public void a_suspension_for_an_overdue_refresher_and_the_refreshers_restoration_on_the_same_day_leave_no_gap()
    {
        Effective([.. Certified, new AuthoritySuspendedForRefresher(new DateOnly(2020, 7, 29), new DateOnly(2019, 5, 1)), new AuthorityReinstated(new DateOnly(2020, 7, 29))])
            .ShouldBe([(new DateOnly(2019, 5, 1), new DateOnly(2020, 7, 29)), (new DateOnly(2020, 7, 29), null)]);
    }

    [Fact]
    public void an_end_dated_before_a_suspension_already_recorded_ends_the_authority_on_its_own_date()
    {
        // Suspended for want of a refresher from 2021-07-19, then the agreement's termination of 2021-01-01 recorded.
        Effective([.. Certified, new AuthoritySuspendedForRefresher(new DateOnly(2021, 7, 19), new DateOnly(2020, 4, 20)), new AuthorityLapsedWithAgreement(new DateOnly(2021, 1, 1), AgreementStatus.Terminated)])
            .ShouldBe([(new DateOnly(2019, 5, 1), new DateOnly(2021, 1, 1))]);
        Effective([.. Certified, new AuthoritySuspended(new DateOnly(2019, 9, 1), "Audit"), new OfficerSeparated(new DateOnly(2019, 4, 20), null)])
            .ShouldBeEmpty();
    }

    [Fact]
    public void a_corrected_certification_moves_the_start_of_its_stretch()
    {
        Effective([.. Certified, new OfficerDateCorrected(new DateOnly(2026, 12, 7), OfficerDateCorrected.CertifiedOn, new DateOnly(2019, 5, 1), new DateOnly(2019, 5, 10), "Typo")])
            .ShouldBe([(new DateOnly(2019, 5, 10), null)]);
        Effective([.. Certified, new AuthorityRevoked(new DateOnly(2020, 1, 1), "Finding"), new OfficerDateCorrected(new DateOnly(2026, 12, 7), OfficerDateCorrected.CertifiedOn, new DateOnly(2019, 5, 1), new DateOnly(2019, 4, 25), "Typo")])
            .ShouldBe([(new DateOnly(2019, 4, 25), new DateOnly(2020, 1, 1))]);
    }

    [Fact]
    public void a_corrected_suspension_or_end_moves_the_end_of_its_stretch()
    {
        Effective([.. Certified, new AuthoritySuspended(new DateOnly(2019, 9, 1), "Audit"), new OfficerDateCorrected(new DateOnly(2026, 12, 7), OfficerDateCorrected.SuspendedOn, new DateOnly(2019, 9, 1), new DateOnly(2019, 8, 20), "Typo")])
            .ShouldBe([(new DateOnly(2019, 5, 1), new DateOnly(2019, 8, 20))]);
        Effective([.. Certified, new AuthorityRevoked(new DateOnly(2020, 1, 1), "Finding"), new OfficerDateCorrected(new DateOnly(2026, 12, 7), OfficerDateCorrected.EndedOn, new DateOnly(2020, 1, 1), new DateOnly(2020, 2, 1), "Typo")])
            .ShouldBe([(new DateOnly(2019, 5, 1), new DateOnly(2020, 2, 1))]);
        Effective([.. Certified, new OfficerSeparated(new DateOnly(2019, 6, 1), null), new OfficerDateCorrected(new DateOnly(2026, 12, 7), OfficerDateCorrected.EndedOn, new DateOnly(2019, 6, 1), new DateOnly(2019, 5, 1), "Left before the certification took effect")])
            .ShouldBeEmpty();

        // Revoked while suspended: the end closed no stretch, and its correction moves none.
        Effective([.. Certified, new AuthoritySuspended(new DateOnly(2019, 9, 1), "Audit"), new AuthorityRevoked(new DateOnly(2019, 10, 1), "Finding"), new OfficerDateCorrected(new DateOnly(2026, 12, 7), OfficerDateCorrected.EndedOn, new DateOnly(2019, 10, 1), new DateOnly(2019, 9, 15), "Typo")])
            .ShouldBe([(new DateOnly(2019, 5, 1), new DateOnly(2019, 9, 1))]);
    }
}
