using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace EventSourcedAgreements.Security;

public sealed class AuthOptions
{
    public const string Section = "Auth";
    public const string DevelopmentKeyMarker = "DEVELOPMENT-ONLY";
    private const int MinimumKeyBytes = 32;

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
            yield return "Configure Auth:SigningKey (a secret of at least 32 bytes) or Auth:Authority (an OpenID Connect issuer).";
        }

        if (!string.IsNullOrEmpty(SigningKey) && Encoding.UTF8.GetByteCount(SigningKey) < MinimumKeyBytes)
        {
            yield return $"Auth:SigningKey must be at least {MinimumKeyBytes} bytes long.";
        }

        if (!isDevelopment && SigningKey?.Contains(DevelopmentKeyMarker, StringComparison.Ordinal) == true)
        {
            yield return "Auth:SigningKey is the development key; outside Development configure a secret of your own.";
        }
    }
}
