namespace Enrichment.Local.Host.Hosting;

/// <summary>
/// The Host header check (the DNS-rebinding defence): a request is served only when it names the
/// address the host listens on or its configured public URL. A page that rebinds its own name to
/// 127.0.0.1 still sends its own name, and is refused.
/// </summary>
public sealed class HostGuard
{
    private readonly HashSet<string> _allowed = new(StringComparer.OrdinalIgnoreCase);

    public HostGuard(Uri listenUrl, Uri? publicUrl)
    {
        Add(listenUrl);
        if (publicUrl is not null)
        {
            Add(publicUrl);
        }

        if (listenUrl.IsLoopback)
        {
            _allowed.Add($"localhost:{listenUrl.Port}");
            _allowed.Add($"127.0.0.1:{listenUrl.Port}");
            _allowed.Add($"[::1]:{listenUrl.Port}");
        }
    }

    /// <summary>True when <paramref name="host"/> (the Host header, with its port) is one of ours.</summary>
    public bool Allows(string? host) => !string.IsNullOrEmpty(host) && _allowed.Contains(host);

    private void Add(Uri url)
    {
        _allowed.Add(url.Authority);
        _allowed.Add($"{url.Host}:{url.Port}");
    }
}
