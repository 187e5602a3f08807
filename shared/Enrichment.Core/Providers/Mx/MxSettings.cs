using System.Net;

namespace Enrichment.Core.Providers.Mx;

/// <summary>
/// Settings of the mx provider. The resolver comes from the deployment (ENRICHMENT_DNS_SERVER,
/// "ip" or "ip:port"; unset means the machine's own resolvers), never from a request.
/// </summary>
public sealed record MxSettings
{
    public const string ServerVariable = "ENRICHMENT_DNS_SERVER";

    public IPEndPoint? Server { get; init; }

    /// <summary>Time limit of one DNS query (a lookup makes up to three: MX, A, AAAA).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    public int MaxInFlight { get; init; } = 8;

    public int BreakerMinimumThroughput { get; init; } = 4;

    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(30);

    public static MxSettings FromEnvironment(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var text = variable(ServerVariable);
        return new MxSettings { Server = string.IsNullOrWhiteSpace(text) ? null : ParseServer(text) };
    }

    /// <summary>"ip" (port 53) or "ip:port" / "[ipv6]:port".</summary>
    public static IPEndPoint ParseServer(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // IPEndPoint parses "ip", "ip:port" and "[ipv6]:port"; no port given reads as 0.
        if (IPEndPoint.TryParse(text.Trim(), out var endpoint))
        {
            return endpoint.Port == 0 ? new IPEndPoint(endpoint.Address, 53) : endpoint;
        }

        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{ServerVariable} must be an IP address with an optional port (\"127.0.0.1:5353\")."), nameof(text));
    }
}
