using System.Net;
using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Participation.GettingParticipants;
using EventSourcedAgreements.Publications;
using EventSourcedAgreements.Publications.Reading;
using EventSourcedAgreements.Tests.Fixtures;
using EventSourcedAgreements.Tests.Publications.Reading;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Wolverine.Marten;
using Xunit.Abstractions;

namespace EventSourcedAgreements.Tests.Publications;

public sealed class RoundTripTests(AppFixture app, ITestOutputHelper output) : AppTest(app)
{
    public static readonly (string File, string PublishedOn)[] InDateOrder =
    [
        ("ice-287g-page-2019-05-20.txt", "2019-05-20"),
        ("ice-287g-roster-2021-01-13.csv", "2021-01-13"),
        ("ice-287g-pending-2025-05-15.xlsx", "2025-05-15"),
        ("ice-287g-participating-2025-05-16.xlsx", "2025-05-16"),
        ("ice-287g-participating-2025-07-18.xlsx", "2025-07-18"),
        ("ice-287g-pending-2025-07-18.xlsx", "2025-07-18"),
    ];

    [Fact]
    public async Task every_participating_list_is_given_back_as_of_and_as_known_on_its_date()
    {
        var reports = new Dictionary<string, ImportReport>();
        foreach (var (file, publishedOn) in InDateOrder)
        {
            var (status, report) = await ImportPublished(file, publishedOn);
            status.ShouldBe(HttpStatusCode.Created);
            reports[file] = report!;
            output.WriteLine($"{file}: {string.Join(", ", report!.Counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}"))}");
        }

        foreach (var (file, publishedOn) in InDateOrder.Where(p => p.File.Contains("pending", StringComparison.Ordinal) is false))
        {
            var content = PublishedFiles.Read(file);
            var signedAfterTheList = content.Rows.Where(r => r.SignedOn > DateOnly.Parse(publishedOn, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            var rows = content.Rows.Except(signedAfterTheList).ToList();
            var expected = rows.Select(Shape).ToHashSet();
            var answer = (await Send($"/api/participants?asOf={publishedOn}&knownAt={publishedOn}", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<ParticipantsAnswer>()!;
            var actual = answer.Participants.Select(Shape).ToHashSet();

            var missing = expected.Except(actual).ToList();
            var extra = actual.Except(expected).ToList();
            var skipped = content.Notes.Where(n => n.Kind == NoteKind.Skipped).ToList();
            var published = content.Rows.Count + skipped.Count;
            var disputed = content.Rows.Where(r => r.Dispute is not null).ToList();
            output.WriteLine($"{file}: {expected.Count - missing.Count} of {published} published rows given back ({answer.Participants.Count} answered); missing {missing.Count}, extra {extra.Count}; "
                + $"not read: {string.Join("; ", skipped.Select(n => $"line {n.Line}: {n.Reason}"))}; not imported: {string.Join("; ", signedAfterTheList.Select(r => $"line {r.Line}: signed {r.SignedOn:yyyy-MM-dd}"))}; "
                + $"disputed: {string.Join("; ", disputed.Select(r => $"line {r.Line}: {r.Dispute}"))}");
            reports[file].Lines.Where(l => l.Kind == ChangeKind.Skipped).Select(l => l.Line)
                .ShouldBe(skipped.Select(n => (int?)n.Line).Concat(signedAfterTheList.Select(r => (int?)r.Line)), ignoreOrder: true);
            foreach (var row in missing.Concat(extra))
            {
                output.WriteLine($"  {(missing.Contains(row) ? "missing" : "extra")}: {row}");
            }

            missing.ShouldBeEmpty();
            extra.ShouldBeEmpty();
            answer.Participants.Count.ShouldBe(rows.Count, "one answer per published row: no agreement twice");
            var links = answer.Participants.Where(p => p.MoaUrl is not null).ToDictionary(p => $"{p.AgencyId}|{p.Model}", p => p.MoaUrl);
            rows.Where(r => r.MoaUrl is not null).ShouldAllBe(r => links[$"{r.AgencyId}|{r.Model}"] == r.MoaUrl);
        }
    }

    [Fact]
    public async Task the_requests_still_open_after_every_list_are_the_latest_pending_list()
    {
        foreach (var (file, publishedOn) in InDateOrder)
        {
            (await ImportPublished(file, publishedOn)).Status.ShouldBe(HttpStatusCode.Created);
        }

        var signedSameDay = PublishedFiles.Read("ice-287g-participating-2025-07-18.xlsx").Rows.Select(r => $"{r.AgencyId}|{r.Model}").ToHashSet();
        var pending = PublishedFiles.Read("ice-287g-pending-2025-07-18.xlsx").Rows.Select(r => $"{r.AgencyId}|{r.Model}").Except(signedSameDay).ToHashSet();
        var requested = (await Service.AllAsync<EventSourcedAgreements.Agreements.Agreement>("/api/agreements?status=Requested"))
            .Select(a => $"{a.AgencyId}|{a.Model}")
            .ToHashSet();

        output.WriteLine($"pending 2025-07-18 and not on that day's participating list: {pending.Count} rows; open requests: {requested.Count}; in both: {pending.Intersect(requested).Count()}");
        requested.ShouldBe(pending, ignoreOrder: true);
    }

    [Fact]
    public async Task the_projections_rebuilt_from_all_the_events_are_the_ones_kept_event_by_event()
    {
        foreach (var (file, publishedOn) in InDateOrder)
        {
            (await ImportPublished(file, publishedOn)).Status.ShouldBe(HttpStatusCode.Created);
        }

        var extra = await Requested(new RequestAgreement("GU", "Guam Police Department", AgencyType: null, County: null, "TFM", new DateOnly(2025, 8, 1)));
        await Send(extra, new SignAgreement(new DateOnly(2025, 8, 15), MoaUrl: null, new DateOnly(2028, 8, 15), ExpectedVersion: null));
        var officers = new List<Guid>();
        foreach (var name in new[] { "Avery Able", "Blair Baker" })
        {
            var officer = await Service.NominatedAsync(extra, new NominateOfficer(name, BadgeNumber: null, new DateOnly(2025, 8, 16)));
            await Service.OfficerAsync(officer, new RecordInvestigation(new DateOnly(2025, 8, 17), "Passed", CitizenshipConfirmed: true, ExpectedVersion: null));
            await Service.OfficerAsync(officer, new RecordTraining(new DateOnly(2025, 8, 18), "TFM", "Hagåtña", ExpectedVersion: null));
            await Service.OfficerAsync(officer, new CertifyOfficer(new DateOnly(2025, 8, 19), ExpectedVersion: null));
            officers.Add(officer);
        }

        await Service.OfficerAsync(officers[1], new RevokeAuthority(new DateOnly(2025, 9, 1), "Reassigned", ExpectedVersion: null));
        await Send(extra, new SuspendAgreement(new DateOnly(2026, 1, 1), "audit", ExpectedVersion: null));
        // The officer authorized then is suspended with the agreement, by the service, in the background.
        await Fixtures.DeadlineHost.EventuallyAsync(
            async () => (await Service.GetAsync<OfficerDetails>($"/api/officers/{officers[0]}", Officer)).Officer.Status,
            status => status == OfficerStatus.Suspended);

        var store = App.Host.Services.GetRequiredService<IDocumentStore>();
        await App.Host.PauseThenCatchUpOnMartenDaemonActivityAsync(timeout: TimeSpan.FromSeconds(60));
        var kept = await Tables(store);
        var rebuilt = await EventSourcedAgreements.Rebuilding.Rebuild.AllAsync(store, CancellationToken.None);
        var again = await Tables(store);

        rebuilt.Agreements.ShouldBeGreaterThan(800);
        rebuilt.Officers.ShouldBe(2);
        kept.Officers.Count.ShouldBe(2);
        kept.Authority.Count.ShouldBeGreaterThanOrEqualTo(4);
        again.Officers.ShouldBe(kept.Officers);
        again.Authority.ShouldBe(kept.Authority);
        rebuilt.Events.ShouldBe(await App.CountEventsAsync());
        kept.Periods.Count.ShouldBeGreaterThan(1000);
        kept.Snapshots.Count.ShouldBe(rebuilt.Agreements);
        again.Periods.ShouldBe(kept.Periods);
        again.Changes.ShouldBe(kept.Changes);
        again.Snapshots.ShouldBe(kept.Snapshots);
        kept.Directory.Count.ShouldBeGreaterThan(700);
        again.Directory.ShouldBe(kept.Directory);
        (await Details(extra)).Status.ShouldBe(AgreementStatus.Suspended);
    }

    [Fact]
    public async Task a_rebuild_moves_the_directorys_progress_so_a_paused_daemon_does_not_apply_an_event_twice()
    {
        var store = App.Host.Services.GetRequiredService<IDocumentStore>();
        var id = await SignedAgreement();
        await App.Host.PauseThenCatchUpOnMartenDaemonActivityAsync(CatchUpMode.AndDoNothing, TimeSpan.FromSeconds(60));
        try
        {
            await Send(id, new SuspendAgreement(new DateOnly(2020, 1, 1), "audit", ExpectedVersion: null));
            (await DirectoryStatus(store)).Behind.ShouldBeGreaterThanOrEqualTo(1);
            await EventSourcedAgreements.Rebuilding.Rebuild.AllAsync(store, CancellationToken.None);
            (await DirectoryStatus(store)).Behind.ShouldBe(0);
        }
        finally
        {
            await App.Host.PauseThenCatchUpOnMartenDaemonActivityAsync(timeout: TimeSpan.FromSeconds(60));
        }

        await using var session = store.QuerySession();
        var hernando = await session.LoadAsync<EventSourcedAgreements.Agencies.AgencyDetails>("fl-hernando-county-sheriffs-office");
        hernando.ShouldNotBeNull().Agreements.ShouldHaveSingleItem().ShouldBe(await Details(id));
    }

    private static async Task<EventSourcedAgreements.Operating.ProjectionProgress> DirectoryStatus(IDocumentStore store) =>
        (await EventSourcedAgreements.Operating.ProjectionStatus.ReadAsync(store, CancellationToken.None)).Projections
            .Single(shard => shard.Shard.StartsWith(EventSourcedAgreements.Agencies.Directory.AgencyDirectoryProjection.ProjectionName, StringComparison.Ordinal));

    private static async Task<(IReadOnlyList<string> Periods, IReadOnlyList<string> Changes, IReadOnlyList<string> Snapshots, IReadOnlyList<string> Directory, IReadOnlyList<string> Officers, IReadOnlyList<string> Authority)> Tables(IDocumentStore store)
    {
        var schema = store.Options.DatabaseSchemaName;
        await using var session = store.QuerySession();
        var periods = await session.AdvancedSql.QueryAsync<string>(
            $"select concat_ws('|', agreement_id, agency_id, state, agency_name, model, signed_on, moa_url, moa_posted, certainty, effective::text, known::text, recorded::text) as row from {schema}.{EventSourcedAgreements.Participation.ParticipationFeature.PeriodsTable} order by 1",
            CancellationToken.None);
        var changes = await session.AdvancedSql.QueryAsync<string>(
            $"select concat_ws('|', agreement_id, kind, on_date, not_before, signed_on, known::text, recorded::text) as row from {schema}.{EventSourcedAgreements.Participation.ParticipationFeature.ChangesTable} order by 1",
            CancellationToken.None);
        var snapshots = await session.AdvancedSql.QueryAsync<string>(
            $"select concat_ws('|', id, data::text, mt_dotnet_type, mt_version) as row from {store.Options.FindOrResolveDocumentType(typeof(Agreement)).TableName.QualifiedName} order by 1",
            CancellationToken.None);
        var directory = await session.AdvancedSql.QueryAsync<string>(
            $"select concat_ws('|', id, data::text) as row from {store.Options.FindOrResolveDocumentType(typeof(EventSourcedAgreements.Agencies.AgencyDetails)).TableName.QualifiedName} order by 1",
            CancellationToken.None);
        var officers = await session.AdvancedSql.QueryAsync<string>(
            $"select concat_ws('|', id, data::text, mt_dotnet_type, mt_version) as row from {store.Options.FindOrResolveDocumentType(typeof(Officer)).TableName.QualifiedName} order by 1",
            CancellationToken.None);
        var authority = await session.AdvancedSql.QueryAsync<string>(
            $"select concat_ws('|', officer_id, agreement_id, agency_id, person_key, state, state_name, model, effective::text, known::text, recorded::text) as row from {schema}.{OfficersFeature.AuthorityTable} order by 1",
            CancellationToken.None);
        return (periods, changes, snapshots, directory, officers, authority);
    }

    [Fact]
    public async Task importing_the_same_file_twice_changes_nothing()
    {
        var (first, firstReport) = await ImportPublished("ice-287g-page-2019-05-20.txt", "2019-05-20");
        var (second, secondReport) = await ImportPublished("ice-287g-page-2019-05-20.txt", "2019-05-20");

        first.ShouldBe(HttpStatusCode.Created);
        firstReport!.Counts[ChangeKind.New].ShouldBe(90);
        second.ShouldBe(HttpStatusCode.OK);
        secondReport!.AlreadyImported.ShouldBeTrue();
        secondReport.PublicationId.ShouldBe(firstReport.PublicationId);
        var all = await Service.AllAsync<EventSourcedAgreements.Agreements.Agreement>("/api/agreements");
        all.Count.ShouldBe(90);
    }

    private static string Shape(PublishedRow row) => $"{row.State.Code}|{row.AgencyId}|{row.Model}|{row.SignedOn:yyyy-MM-dd}|{row.MoaPosted}";

    private static string Shape(Participant p) => $"{p.State}|{p.AgencyId}|{p.Model}|{p.SignedOn:yyyy-MM-dd}|{p.MoaPosted}";
}
