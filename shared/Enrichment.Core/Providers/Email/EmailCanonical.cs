namespace Enrichment.Core.Providers.Email;

/// <summary>
/// The address a mailbox provider actually delivers to, so that two spellings of one inbox compare
/// equal: Gmail ignores dots in the local part and treats googlemail.com as gmail.com; the
/// providers listed in <see cref="PlusTagDomains"/> document "+tag" sub-addressing (everything from
/// the '+' is dropped). Every other domain is left as it is: elsewhere a dot or a '+' may be part of
/// a different mailbox.
/// </summary>
public static class EmailCanonical
{
    private const string Gmail = "gmail.com";

    /// <summary>Providers whose help pages document "+" sub-addressing to the same inbox.</summary>
    private static readonly HashSet<string> PlusTagDomains = new(StringComparer.Ordinal)
    {
        "gmail.com", "googlemail.com",
        "outlook.com", "outlook.fr", "outlook.de", "outlook.es", "outlook.it", "outlook.jp", "outlook.co.uk",
        "hotmail.com", "hotmail.co.uk", "hotmail.fr", "hotmail.de", "hotmail.es", "hotmail.it", "hotmail.nl",
        "live.com", "live.co.uk", "live.fr", "live.de", "live.nl", "live.it", "msn.com",
        "icloud.com", "me.com", "mac.com",
        "proton.me", "protonmail.com", "protonmail.ch", "pm.me",
        "fastmail.com", "fastmail.fm", "zoho.com", "zohomail.com",
        "yandex.ru", "yandex.com", "ya.ru", "mailbox.org", "posteo.de", "posteo.net", "hey.com",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> PlusLookup =
        PlusTagDomains.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The canonical form of a valid, normalized (lower-case) address.</summary>
    public static string Of(string address, int at)
    {
        ArgumentNullException.ThrowIfNull(address);
        var local = address.AsSpan(0, at);
        var domain = address.AsSpan(at + 1);
        if (!PlusLookup.Contains(domain))
        {
            return address;
        }

        var plus = local.IndexOf('+');
        if (plus > 0)
        {
            local = local[..plus];
        }

        var gmail = domain.SequenceEqual(Gmail) || domain.SequenceEqual("googlemail.com");
        if (!gmail)
        {
            return plus > 0 ? string.Concat(local, "@", domain) : address;
        }

        Span<char> buffer = stackalloc char[local.Length + 1 + Gmail.Length];
        var length = 0;
        foreach (var c in local)
        {
            if (c != '.')
            {
                buffer[length++] = c;
            }
        }

        buffer[length++] = '@';
        Gmail.AsSpan().CopyTo(buffer[length..]);
        length += Gmail.Length;
        var canonical = buffer[..length];
        return canonical.SequenceEqual(address) ? address : new string(canonical);
    }
}
