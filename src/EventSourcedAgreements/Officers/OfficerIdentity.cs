using System.Globalization;
using System.Text;
using Marten;

namespace EventSourcedAgreements.Officers;

/// <summary>
/// Who a designated officer is: the name and badge number the agency gave. Personal data, so not in the officer's
/// events (append-only and hash-chained, they could never be erased): a document beside them, read by the agency and
/// the program office only. <see cref="PersonKey"/> is the pseudonym the events carry: random, assigned when the agency
/// first nominates the person, and given again when it nominates the same badge number (or, without one, the same name).
/// </summary>
public sealed record OfficerIdentity(Guid Id, string AgencyId, string Name, string? BadgeNumber, string PersonKey)
{
    /// <summary>What tells one person of the agency from another: the badge number, else the name, compared loosely (case, spacing, accents).</summary>
    public string MatchKey => For(Name, BadgeNumber);

    public static string For(string name, string? badgeNumber) =>
        string.IsNullOrWhiteSpace(badgeNumber) ? $"name:{Loose(name)}" : $"badge:{Loose(badgeNumber)}";

    /// <summary>The pseudonym of the person <paramref name="name"/>/<paramref name="badgeNumber"/> of the agency: the one already given, or a new one.</summary>
    public static async Task<string> PersonKeyAsync(IQuerySession session, string agencyId, string name, string? badgeNumber, CancellationToken cancellationToken)
    {
        var match = For(name, badgeNumber);
        var known = await session.Query<OfficerIdentity>()
            .Where(identity => identity.AgencyId == agencyId && identity.MatchKey == match)
            .Select(identity => identity.PersonKey)
            .FirstOrDefaultAsync(cancellationToken);
        return known ?? Guid.NewGuid().ToString("N");
    }

    private static string Loose(string text)
    {
        var letters = text.Normalize(NormalizationForm.FormD)
            .Where(c => char.IsLetterOrDigit(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            .Select(char.ToUpperInvariant);
        return string.Concat(letters);
    }
}
