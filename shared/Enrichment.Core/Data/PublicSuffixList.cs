namespace Enrichment.Core.Data;

/// <summary>
/// The registrable domain of a host by the Public Suffix List (carried as public_suffix_list.dat,
/// ICANN and private sections): the public suffix plus one label, "mail.acme.co.uk" → "acme.co.uk".
/// The algorithm is the list's own (publicsuffix.org/list/): the longest matching rule wins, an
/// exception rule ("!www.ck") beats a wildcard ("*.ck"), and an unlisted TLD is a suffix by itself.
/// </summary>
public static class PublicSuffixList
{
    private static readonly Rules Loaded = Load();

    /// <summary>
    /// The registrable domain of a lower-case host without a trailing dot, or null when the host is
    /// itself a public suffix ("co.uk") or empty. Returns <paramref name="host"/> itself when it is
    /// already registrable (no allocation).
    /// </summary>
    public static string? RegistrableDomain(string? host)
    {
        if (string.IsNullOrEmpty(host))
        {
            return null;
        }

        var start = RegistrableStart(host);
        return start switch
        {
            < 0 => null,
            0 => host,
            _ => host[start..],
        };
    }

    /// <summary>Where the registrable domain starts in <paramref name="host"/>, or -1 when it has none.</summary>
    public static int RegistrableStart(ReadOnlySpan<char> host)
    {
        if (host.IsEmpty || host[0] == '.' || host[^1] == '.')
        {
            return -1;
        }

        var suffixStart = SuffixStart(host);
        if (suffixStart == 0)
        {
            return -1;
        }

        // One label more than the suffix: back up over the dot before the suffix to the previous dot.
        var label = host[..(suffixStart - 1)].LastIndexOf('.');
        return label + 1;
    }

    /// <summary>Where the public suffix of <paramref name="host"/> starts.</summary>
    private static int SuffixStart(ReadOnlySpan<char> host)
    {
        // Candidates from the longest (the whole host) to the shortest (the last label); the first hit is the longest rule.
        var position = 0;
        while (true)
        {
            var candidate = host[position..];
            if (Loaded.Exceptions.Contains(candidate))
            {
                // "!www.ck": the suffix is the candidate without its first label.
                var dot = candidate.IndexOf('.');
                return position + dot + 1;
            }

            if (Loaded.Normal.Contains(candidate))
            {
                return position;
            }

            var next = candidate.IndexOf('.');
            if (next < 0)
            {
                // The default rule "*": the last label is a suffix.
                return position;
            }

            if (Loaded.Wildcards.Contains(candidate[(next + 1)..]))
            {
                return position;
            }

            position += next + 1;
        }
    }

    private static Rules Load()
    {
        var normal = new HashSet<string>(StringComparer.Ordinal);
        var wildcards = new HashSet<string>(StringComparer.Ordinal);
        var exceptions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in DataFile.Lines("public_suffix_list.dat"))
        {
            var rule = line.ToLowerInvariant();
            if (rule.StartsWith("*.", StringComparison.Ordinal))
            {
                wildcards.Add(rule[2..]);
            }
            else if (rule.StartsWith('!'))
            {
                exceptions.Add(rule[1..]);
            }
            else
            {
                normal.Add(rule);
            }
        }

        return new Rules(
            normal.GetAlternateLookup<ReadOnlySpan<char>>(),
            wildcards.GetAlternateLookup<ReadOnlySpan<char>>(),
            exceptions.GetAlternateLookup<ReadOnlySpan<char>>());
    }

    private sealed record Rules(
        HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Normal,
        HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Wildcards,
        HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Exceptions);
}
