using EventSourcedAgreements.Agreements;
using EventSourcedAgreements.Publications.Reading;

namespace EventSourcedAgreements.Publications;

/// <summary>
/// A row of a published list, and the agreement the import matched it to (none for a row it could not use); the row as
/// read, so that the list can meet a list imported after it but dated before (absent on lists imported before that).
/// </summary>
public sealed record PublishedEntry(string AgencyId, SupportModel Model, int Line, Guid? AgreementId, PublishedRow? Row = null);

/// <summary>A list ICE published, as imported: its date, the file's hash, the rows it held, and what the import made of them.</summary>
public sealed record Publication(
    Guid Id,
    DateOnly PublishedOn,
    PublicationKind Kind,
    string FileName,
    string Sha256,
    DateTimeOffset ImportedAt,
    string? ImportedBy,
    IReadOnlyList<PublishedEntry> Entries,
    ImportReport Report);

public enum ChangeKind
{
    New,
    Requested,
    RequestSigned,
    Renewed,
    Corrected,
    LinkChanged,
    Delisted,
    Relisted,
    LearnedLater,
    Unchanged,
    Skipped,
    Interpreted,
    Conflict,
}

public sealed record ReportLine(int? Line, ChangeKind Kind, string? AgencyId, SupportModel? Model, Guid? AgreementId, string Detail);

public sealed record ImportReport(
    Guid PublicationId,
    string FileName,
    string Sha256,
    DateOnly PublishedOn,
    PublicationKind Kind,
    bool DryRun,
    bool AlreadyImported,
    int Rows,
    IReadOnlyDictionary<ChangeKind, int> Counts,
    IReadOnlyList<ReportLine> Lines);
