using System.Net;
using System.Net.Sockets;

namespace EventSourcedAgreements.Webhooks.Delivering;

/// <summary>
/// Where deliveries may go. A receiver is an http(s) URL; unless <see cref="WebhookSettings.AllowPrivateNetworks"/>, it
/// must resolve to public addresses only — never loopback, private, link-local (cloud metadata) or other special ranges —
/// checked when the URL is registered (for an address written in it) and again on every connection (for what the name
/// resolves to then), so a name that later points inside the network cannot reach it.
/// </summary>
public static class WebhookTargets
{
    /// <summary>Why the URL may not receive deliveries, or null when it may.</summary>
    public static string? Refusal(Uri url, WebhookSettings settings)
    {
        if (url.Scheme != Uri.UriSchemeHttps && (settings.RequireHttps || url.Scheme != Uri.UriSchemeHttp))
        {
            return settings.RequireHttps ? "url must be an https URL." : "url must be an http or https URL.";
        }

        if (!string.IsNullOrEmpty(url.UserInfo) || !string.IsNullOrEmpty(url.Fragment))
        {
            return "url must not carry user information or a fragment.";
        }

        if (settings.AllowPrivateNetworks)
        {
            return null;
        }

        var host = url.IdnHost.TrimEnd('.');
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return "url names this machine; receivers must be reachable on public addresses.";
        }

        return IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && !IsPublic(address)
            ? $"url points at {address}, which is not a public address."
            : null;
    }

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] is 0 or 10 or 127 or >= 224
                || (b[0] == 100 && b[1] is >= 64 and <= 127)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] is >= 16 and <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2)
                || (b[0] == 198 && b[1] is 18 or 19)
                || (b[0] == 198 && b[1] == 51 && b[2] == 100)
                || (b[0] == 203 && b[1] == 0 && b[2] == 113));
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        var bytes = address.GetAddressBytes();
        return !(IPAddress.IsLoopback(address)
            || address.Equals(IPAddress.IPv6None)
            || address.IsIPv6LinkLocal
            || address.IsIPv6SiteLocal
            || address.IsIPv6Multicast
            || address.IsIPv6UniqueLocal
            || (bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0d && bytes[3] == 0xb8)
            || (bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x00 && bytes[3] == 0x00)
            || (bytes[0] == 0x20 && bytes[1] == 0x02)
            || (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xff && bytes[3] == 0x9b)
            || (bytes[0] == 0x00 && bytes.Take(12).All(b => b == 0)));
    }

    /// <summary>The HTTP handler for deliveries: no redirects (a receiver answers itself), addresses checked at connection.</summary>
    public static SocketsHttpHandler Handler(WebhookSettings settings) => new()
    {
        AllowAutoRedirect = false,

        // A proxy would resolve the name itself, past the address check below.
        UseProxy = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectTimeout = settings.Timeout,
        ConnectCallback = (context, cancellationToken) => ConnectAsync(context, settings, cancellationToken),
    };

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, WebhookSettings settings, CancellationToken cancellationToken)
    {
        var endPoint = context.DnsEndPoint;
        var addresses = await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken);
        var allowed = addresses.Where(address => settings.AllowPrivateNetworks || IsPublic(address)).ToArray();
        if (allowed.Length == 0)
        {
            // The addresses themselves are not told: a subscriber could map the service's network with them.
            throw new HttpRequestException($"{endPoint.Host} resolves to no public address; deliveries go to public addresses only.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
