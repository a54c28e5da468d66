using EventSourcedAgreements.Hosting;
using Weasel.Core;

namespace EventSourcedAgreements.Officers.Authority;

/// <summary>
/// One person of an agency holds authority under one agreement on any day, as known at any time: an exclusion
/// constraint on <c>officer_authority_periods</c> (two rows of one agency and person key may not overlap on the three
/// time axes; the rows of one officer never do), so that certifications racing each other cannot both land, and one
/// dated into days the person's authority elsewhere still covers is refused. The commands check first, by status.
/// </summary>
public sealed class OneAuthoritySchema(string schema, Migrator migrator) : ExclusionConstraint(
    "one_authority",
    $"{schema}.{OfficersFeature.AuthorityTable}",
    ConstraintName,
    "agency_id with =, person_key with =, effective with &&, known with &&, recorded with &&",
    migrator)
{
    public const string ConstraintName = "ex_officer_one_authority";
}
