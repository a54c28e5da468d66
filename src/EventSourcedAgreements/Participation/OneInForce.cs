using EventSourcedAgreements.Hosting;
using Weasel.Core;

namespace EventSourcedAgreements.Participation;

/// <summary>
/// One agreement per agency and support model is in force on any day, as known at any time: an exclusion constraint
/// on <c>participation_periods</c> (two rows of different agreements of one agency and model may not overlap on the
/// three time axes; the rows of one agreement never do), so that writes racing each other cannot both land.
/// <see cref="ParticipationProjection"/> checks first, to answer which agreement and which days.
/// </summary>
public sealed class OneInForceSchema(string schema, Migrator migrator) : ExclusionConstraint(
    "one_in_force",
    $"{schema}.{ParticipationFeature.PeriodsTable}",
    ConstraintName,
    "agency_id with =, model with =, effective with &&, known with &&, recorded with &&",
    migrator)
{
    public const string ConstraintName = "ex_participation_one_in_force";
}
