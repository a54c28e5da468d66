using System.Globalization;
using System.Text;

namespace EventSourcedAgreements.Agencies;

public static class AgencyIdentity
{
    public static string IdFor(UsState state, string agencyName) =>
        $"{state.Code.ToLowerInvariant()}-{Slug(agencyName)}";

    public static string Slug(string agencyName)
    {
        var text = agencyName.Normalize(NormalizationForm.FormD);
        var slug = new StringBuilder(text.Length);
        var pendingDash = false;
        foreach (var c in text)
        {
            if (IsApostrophe(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsAsciiLetterOrDigit(c))
            {
                if (pendingDash && slug.Length > 0)
                {
                    slug.Append('-');
                }

                slug.Append(char.ToLowerInvariant(c));
                pendingDash = false;
            }
            else
            {
                pendingDash = true;
            }
        }

        return slug.ToString();
    }

    private static bool IsApostrophe(char c) => c is '\'' or '\u2019' or '\u2018' or '\u02BC' or '`' or '\u00B4';
}
