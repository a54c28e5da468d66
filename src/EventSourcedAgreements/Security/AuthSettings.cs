using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace EventSourcedAgreements.Security;

/// <summary>
/// How bearer tokens are checked (<c>Auth</c>): signed with <c>SigningKey</c> (a shared secret, at least 32 bytes; the
/// development key only in Development), or issued by the OpenID Connect issuer at <c>Authority</c>; <c>Issuer</c> and
/// <c>Audience</c> the values a token must carry. Checked when the service starts: the command-line tools run without them.
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

        if (!isDevelopment && SigningKey?.Contains(DevelopmentKeyMarker, StringComparison.Ordinal) == true)
        {
            yield return "Auth:SigningKey is the development key; outside Development configure a secret of your own (environment variable Auth__SigningKey).";
        }
    }
}
