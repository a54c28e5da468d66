using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace EventSourcedAgreements.Security;

/// <summary>
/// How bearer tokens are checked (<c>Auth</c>): signed with <c>SigningKey</c> (a shared secret, at least 32 bytes; the
/// development key only in Development), or issued by the OpenID Connect issuer at <c>Authority</c>; <c>Issuer</c> and
/// <c>Audience</c> the values a token must carry; <c>RoleClaim</c>, <c>AgencyClaim</c> and <c>NameClaim</c> the names of the
/// claims that carry the role, the agency id and the name recorded as the actor (an issuer may send them under names of its
/// own, such as <c>https://example.org/role</c>). Checked when the service starts: the command-line tools run without them.
/// </summary>
public sealed class AuthSettings : ISettings<AuthSettings>
{
    public const string DevelopmentKeyMarker = "DEVELOPMENT-ONLY";
    private const int MinimumKeyBytes = 32;

    public static string Section => "Auth";

    public static bool CheckedAtStart => true;

    public string? SigningKey { get; set; }

    public string? Authority { get; set; }

    public string Issuer { get; set; } = "event-sourced-agreements";

    public string Audience { get; set; } = "event-sourced-agreements";

    public string RoleClaim { get; set; } = ClaimNames.Role;

    public string AgencyClaim { get; set; } = ClaimNames.Agency;

    public string NameClaim { get; set; } = ClaimNames.Name;

    public SymmetricSecurityKey? SecurityKey =>
        string.IsNullOrEmpty(SigningKey) ? null : new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey));

    public IEnumerable<string> Problems(bool isDevelopment)
    {
        if (string.IsNullOrEmpty(SigningKey) && string.IsNullOrEmpty(Authority))
        {
            yield return "Configure Auth:SigningKey (environment variable Auth__SigningKey), a secret of at least 32 bytes, or Auth:Authority (Auth__Authority), an OpenID Connect issuer.";
        }

        if (!string.IsNullOrEmpty(SigningKey) && Encoding.UTF8.GetByteCount(SigningKey) < MinimumKeyBytes)
        {
            yield return $"Auth:SigningKey (environment variable Auth__SigningKey) must be at least {MinimumKeyBytes} bytes long.";
        }

        foreach (var (key, claim, usual) in new[] { ("RoleClaim", RoleClaim, ClaimNames.Role), ("AgencyClaim", AgencyClaim, ClaimNames.Agency), ("NameClaim", NameClaim, ClaimNames.Name) })
        {
            if (string.IsNullOrWhiteSpace(claim))
            {
                yield return $"Auth:{key} must name a claim (by default '{usual}').";
            }
        }

        if (new[] { RoleClaim, AgencyClaim, NameClaim }.Distinct(StringComparer.Ordinal).Count() < 3)
        {
            yield return $"Auth:RoleClaim ('{RoleClaim}'), Auth:AgencyClaim ('{AgencyClaim}') and Auth:NameClaim ('{NameClaim}') must be three different claims.";
        }

        // The agency id read under another name is kept under `agency`, in place of whatever the token sent so named.
        if (AgencyClaim != ClaimNames.Agency && (RoleClaim == ClaimNames.Agency || NameClaim == ClaimNames.Agency))
        {
            yield return $"Auth:RoleClaim and Auth:NameClaim may not be '{ClaimNames.Agency}' while Auth:AgencyClaim is '{AgencyClaim}': the service keeps the agency id under '{ClaimNames.Agency}'.";
        }

        if (!isDevelopment && SigningKey?.Contains(DevelopmentKeyMarker, StringComparison.Ordinal) == true)
        {
            yield return "Auth:SigningKey is the development key; outside Development configure a secret of your own (environment variable Auth__SigningKey).";
        }
    }
}
