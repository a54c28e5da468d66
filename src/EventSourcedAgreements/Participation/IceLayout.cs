using EventSourcedAgreements.Agencies;
using EventSourcedAgreements.Agreements;
using Marten;

namespace EventSourcedAgreements.Participation;

/// <summary>
/// The columns of ICE's own spreadsheets (STATE, LAW ENFORCEMENT AGENCY, TYPE, COUNTY, SUPPORT TYPE, SIGNED, MOA) as
/// the XLSX answers write them: the state in capitals, the model written out, the MOA as ICE writes it.
/// </summary>
public static class IceLayout
{
    public static readonly Spreadsheet.Column State = new("STATE", 18);
    public static readonly Spreadsheet.Column Agency = new("LAW ENFORCEMENT AGENCY", 58);
    public static readonly Spreadsheet.Column Type = new("TYPE", 14);
    public static readonly Spreadsheet.Column County = new("COUNTY", 30);
    public static readonly Spreadsheet.Column Support = new("SUPPORT TYPE", 26);
    public static readonly Spreadsheet.Column Signed = new("SIGNED", 12);
    public static readonly Spreadsheet.Column Moa = new("MOA", 14);

    /// <summary>ICE's MOA cell: <c>link</c> to the MOA where its address is known, <c>link</c> alone where a list showed one without it, otherwise <c>link pending</c>.</summary>
    public static object MoaCell(string? url, bool posted) =>
        Uri.TryCreate(url, UriKind.Absolute, out var address) ? new Spreadsheet.Link("link", address)
        : posted ? "link"
        : "link pending";

    /// <summary>A state's name as ICE's lists write it, in capitals (<c>NEW MEXICO</c>): in every spreadsheet answer, CSV or XLSX.</summary>
    public static string StateName(string stateName) => stateName.ToUpperInvariant();

    /// <summary>
    /// Each agreement's agency type and county, as its request recorded them (no event changes them afterwards, so the
    /// agreement as it stands now answers for any day).
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, (AgencyType? Type, string? County)>> AgenciesAsync(IDocumentStore store, IEnumerable<Guid> agreements, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var found = await session.LoadManyAsync<Agreement>(cancellationToken, agreements.Distinct());
        return found.ToDictionary(agreement => agreement.Id, agreement => (agreement.AgencyType, agreement.County));
    }
}
