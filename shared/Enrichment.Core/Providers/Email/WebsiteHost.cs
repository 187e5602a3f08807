using Enrichment.Core.Providers.Normalization;

namespace Enrichment.Core.Providers.Email;

/// <summary>
/// The host of a website as people write it ("https://www.Acme.com/about", "acme.com:8080",
/// "www.acme.co.uk"): without scheme, user info, port, path, query, fragment, trailing dot and a
/// leading "www."; lower case. Null when what is left is not a valid domain with a known TLD.
/// </summary>
public static class WebsiteHost
{
    private const int MaxLength = 2048;

    public static string? From(string? website)
    {
        var text = website.AsSpan().Trim();
        if (text.IsEmpty || text.Length > MaxLength)
        {
            return null;
        }

        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            text = text[(scheme + 3)..];
        }
        else if (text.StartsWith("//", StringComparison.Ordinal))
        {
            text = text[2..];
        }

        var end = text.IndexOfAny('/', '?', '#');
        if (end >= 0)
        {
            text = text[..end];
        }

        var at = text.LastIndexOf('@');
        if (at >= 0)
        {
            text = text[(at + 1)..];
        }

        var colon = text.IndexOf(':');
        if (colon >= 0)
        {
            text = text[..colon];
        }

        text = text.TrimEnd('.');
        if (text.IsEmpty)
        {
            return null;
        }

        Span<char> lower = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
        text.ToLowerInvariant(lower);
        ReadOnlySpan<char> host = lower;
        if (host.StartsWith("www.", StringComparison.Ordinal))
        {
            host = host[4..];
        }

        return EmailAddress.IsValidDomain(host) ? new string(host) : null;
    }
}
