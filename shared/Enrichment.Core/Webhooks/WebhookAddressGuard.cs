using System.Net;
using System.Net.Sockets;

namespace Enrichment.Core.Webhooks;

/// <summary>
/// Resolves a callback's host, refuses it unless every address is allowed
/// (<see cref="WebhookAddresses"/>), and connects to the very address it checked: as the
/// <see cref="SocketsHttpHandler.ConnectCallback"/>, no second lookup can swap in another
/// (DNS rebinding). TLS still verifies the certificate against the URL's host name.
/// </summary>
public sealed class WebhookAddressGuard
{
    private readonly bool _allowLoopback;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;

    /// <param name="resolve">The resolver; null for the system's. Tests pass a fake one.</param>
    public WebhookAddressGuard(bool allowLoopback, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
    {
        _allowLoopback = allowLoopback;
        _resolve = resolve ?? Dns.GetHostAddressesAsync;
    }

    /// <summary>The address to connect to; throws <see cref="WebhookAddressRefusedException"/> when any resolved address is refused.</summary>
    public async Task<IPAddress> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        var addresses = IPAddress.TryParse(bare, out var literal) ? [literal] : await _resolve(bare, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new WebhookAddressRefusedException("the callback's host has no address");
        }

        // One refused address refuses the name: a name that points into a private network is not a public receiver.
        if (addresses.Any(a => !WebhookAddresses.IsAllowed(a, _allowLoopback)))
        {
            throw new WebhookAddressRefusedException("the callback's host resolves to an address events are not sent to");
        }

        return addresses[0];
    }

    /// <summary>For <see cref="SocketsHttpHandler.ConnectCallback"/>: check, then connect to the checked address.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var address = await ResolveAsync(context.DnsEndPoint.Host, cancellationToken);
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
