using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Agreements;

namespace EventSourcedAgreements.Publications.Reading;

public enum PublicationKind
{
    Participating,
    Pending,
}

public enum NoteKind
{
    Skipped,
    Interpreted,
}

public sealed record PublishedRow(
    int Line,
    UsState State,
    string AgencyName,
    AgencyType? AgencyType,
    string? County,
    SupportModel Model,
    DateOnly? SignedOn,
    string? MoaUrl,
    bool MoaPosted,
    string? Dispute = null)
{
    public string AgencyId => AgencyIdentity.IdFor(State, AgencyName);
}

public sealed record RowNote(int Line, string Text, NoteKind Kind, string Reason);

public sealed record PublicationContent(PublicationKind Kind, IReadOnlyList<PublishedRow> Rows, IReadOnlyList<RowNote> Notes);
