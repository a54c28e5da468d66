using EventSourcedAgreements.Agreements;

namespace EventSourcedAgreements.Participation;

/// <summary>
/// A change would put <see cref="AgreementId"/> in force on days (<see cref="From"/> up to <see cref="To"/>, open when
/// null) when <see cref="OtherAgreementId"/>, of the same agency and support model, is in force: refused, since an
/// agency holds one agreement per support model in force on any day.
/// </summary>
public sealed class InForceTwiceException(Guid agreementId, Guid otherAgreementId, string agencyId, SupportModel model, DateOnly from, DateOnly? to)
    : InvalidOperationException($"Agreement {agreementId} would be in force from {from:yyyy-MM-dd}{(to is { } end ? $" until {end:yyyy-MM-dd}" : " on")} while agreement {otherAgreementId} of {agencyId} under the {model} model is.")
{
    public Guid AgreementId => agreementId;

    public Guid OtherAgreementId => otherAgreementId;

    public string AgencyId => agencyId;

    public SupportModel Model => model;

    public DateOnly From => from;

    public DateOnly? To => to;
}
