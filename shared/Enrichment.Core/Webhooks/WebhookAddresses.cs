using System.Net;

namespace Enrichment.Core.Webhooks;

/// <summary>
/// Which addresses a completion event may be sent to: public unicast only. Private, shared (CGNAT),
/// loopback, link-local, unspecified, multicast, broadcast, documentation and reserved ranges are
/// refused, so a callback cannot reach the deployment's own network or a cloud metadata service.
/// IPv6 forms that embed an IPv4 address (mapped, NAT64, 6to4) are judged by that address.
/// </summary>
public static class WebhookAddresses
{
    private static readonly IPNetwork[] RefusedV4 =
    [
        IPNetwork.Parse("0.0.0.0/8"),
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("100.64.0.0/10"),
        IPNetwork.Parse("169.254.0.0/16"),
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.0.0.0/24"),
        IPNetwork.Parse("192.0.2.0/24"),
        IPNetwork.Parse("192.88.99.0/24"),
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("198.18.0.0/15"),
        IPNetwork.Parse("198.51.100.0/24"),
        IPNetwork.Parse("203.0.113.0/24"),
        IPNetwork.Parse("224.0.0.0/4"),
        IPNetwork.Parse("240.0.0.0/4"),
    ];

    private static readonly IPNetwork LoopbackV4 = IPNetwork.Parse("127.0.0.0/8");

    private static readonly IPNetwork[] RefusedV6 =
    [
        IPNetwork.Parse("::/96"),
        IPNetwork.Parse("100::/64"),
        IPNetwork.Parse("2001::/23"),
        IPNetwork.Parse("2001:db8::/32"),
        IPNetwork.Parse("fc00::/7"),
        IPNetwork.Parse("fe80::/10"),
        IPNetwork.Parse("fec0::/10"),
        IPNetwork.Parse("ff00::/8"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    /// <param name="allowLoopback">The local host's setting: its receivers run on the same machine.</param>
    public static bool IsAllowed(IPAddress address, bool allowLoopback)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            return IsAllowed(address.MapToIPv4(), allowLoopback);
        }

        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            return LoopbackV4.Contains(address) ? allowLoopback : !RefusedV4.Any(n => n.Contains(address));
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return false;
        }

        if (address.Equals(IPAddress.IPv6Loopback))
        {
            return allowLoopback;
        }

        if (Nat64.Contains(address))
        {
            return IsAllowed(new IPAddress(address.GetAddressBytes()[12..]), allowLoopback);
        }

        if (SixToFour.Contains(address))
        {
            return IsAllowed(new IPAddress(address.GetAddressBytes()[2..6]), allowLoopback);
        }

        return !RefusedV6.Any(n => n.Contains(address));
    }
}
