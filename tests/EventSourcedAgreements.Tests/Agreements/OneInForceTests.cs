using System.Net;
using System.Text.Json;
using EventSourcedAgreements.Tests.Fixtures;
using Npgsql;

namespace EventSourcedAgreements.Tests.Agreements;

/// <summary>One agreement per agency and support model is in force on any day (invariant 4 of the time model).</summary>
public sealed class OneInForceTests(AppFixture app) : AppTest(app)
{
    private static RequestAgreement MarionJem => new("FL", "Marion County Sheriff's Office", "County", "Marion", "JEM", new DateOnly(2019, 1, 2));

    private async Task<Guid> TerminatedMarion()
    {
        var first = await SignedAgreement(MarionJem, signedOn: new DateOnly(2019, 1, 22), expiresOn: new DateOnly(2029, 1, 22));
        await Send(first, new TerminateAgreement(new DateOnly(2022, 1, 1), "Agency", "County board vote", ExpectedVersion: null));
        return first;
    }

    [Fact]
    public async Task signing_a_second_agreement_on_days_the_first_was_in_force_is_a_409_naming_it_and_the_days_and_records_nothing()
    {
        var first = await TerminatedMarion();
        var second = await Requested(MarionJem);

        var problem = await Problem(second, new SignAgreement(new DateOnly(2019, 1, 22), MoaUrl: null, new DateOnly(2022, 1, 22), ExpectedVersion: null), HttpStatusCode.Conflict);

        problem.Title.ShouldBe("Another agreement in force");
        problem.Detail.ShouldBe($"Agreement {first} of fl-marion-county-sheriffs-office under the JEM model is in force from 2019-01-22 until 2022-01-01, the days this change would put agreement {second} in force: an agency holds one agreement per support model in force on any day. Nothing was recorded.");
        ((JsonElement)problem.Extensions["otherAgreementId"]!).GetGuid().ShouldBe(first);
        ((JsonElement)problem.Extensions["overlapFrom"]!).GetString().ShouldBe("2019-01-22");
        ((JsonElement)problem.Extensions["overlapUntil"]!).GetString().ShouldBe("2022-01-01");
        (await Events(second)).Count.ShouldBe(1);
        (await Details(second)).Status.ShouldBe(EventSourcedAgreements.Agreements.AgreementStatus.Requested);
    }

    [Fact]
    public async Task a_second_agreement_signed_from_the_day_the_first_ended_is_in_force_alone()
    {
        var first = await TerminatedMarion();
        var second = await Requested(MarionJem);

        await Send(second, new SignAgreement(new DateOnly(2022, 1, 1), MoaUrl: null, ExpiresOn: null, ExpectedVersion: null));

        var answer = (await Send("/api/participants?asOf=2022-01-01", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<EventSourcedAgreements.Participation.GettingParticipants.ParticipantsAnswer>()!;
        answer.Participants.ShouldHaveSingleItem().AgreementId.ShouldBe(second);
        (await Send("/api/participants?asOf=2021-12-31", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<EventSourcedAgreements.Participation.GettingParticipants.ParticipantsAnswer>()!
            .Participants.ShouldHaveSingleItem().AgreementId.ShouldBe(first);
    }

    [Fact]
    public async Task a_correction_that_moves_a_signing_back_over_another_agreement_is_a_409_and_records_nothing()
    {
        var first = await TerminatedMarion();
        var second = await Requested(new RequestAgreement("FL", "Marion County Sheriff's Office", AgencyType: null, County: null, "JEM", new DateOnly(2021, 1, 2)));
        await Send(second, new SignAgreement(new DateOnly(2022, 2, 1), MoaUrl: null, ExpiresOn: null, ExpectedVersion: null));

        var problem = await Problem(second, new CorrectAgreement("signedOn", new DateOnly(2021, 6, 1), "Printed wrong", ExpectedVersion: null), HttpStatusCode.Conflict);

        problem.Title.ShouldBe("Another agreement in force");
        ((JsonElement)problem.Extensions["otherAgreementId"]!).GetGuid().ShouldBe(first);
        ((JsonElement)problem.Extensions["overlapFrom"]!).GetString().ShouldBe("2021-06-01");
        (await Events(second)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task the_database_refuses_two_agreements_of_one_agency_and_model_in_force_on_one_day_whatever_writes_them()
    {
        var first = await SignedAgreement(MarionJem, signedOn: new DateOnly(2019, 1, 22));

        var refused = await Should.ThrowAsync<PostgresException>(() => ExecuteSql(
            $"""
            insert into {Schema}.participation_periods (agreement_id, agency_id, state, state_name, agency_name, model, signed_on, moa_posted, certainty, effective, known)
            values ('{Guid.CreateVersion7()}', 'fl-marion-county-sheriffs-office', 'FL', 'FLORIDA', 'Marion County Sheriff''s Office', 'JEM', '2020-01-01', false, 'Certain', daterange('2020-01-01', null), tstzrange(now(), null))
            """,
            allowPurge: false));

        refused.SqlState.ShouldBe(PostgresErrorCodes.ExclusionViolation);
        refused.ConstraintName.ShouldBe(EventSourcedAgreements.Participation.OneInForceSchema.ConstraintName);
        (await Send("/api/participants?asOf=2020-06-01", null, null, HttpStatusCode.OK, "GET")).ReadAsJson<EventSourcedAgreements.Participation.GettingParticipants.ParticipantsAnswer>()!
            .Participants.ShouldHaveSingleItem().AgreementId.ShouldBe(first);
    }
}
