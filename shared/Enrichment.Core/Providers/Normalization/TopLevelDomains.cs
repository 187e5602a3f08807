namespace Enrichment.Core.Providers.Normalization;

/// <summary>Whether a label is a delegated top-level domain (see <see cref="TopLevelDomainData"/>).</summary>
public static class TopLevelDomains
{
    private static readonly HashSet<string> Known = Build();

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        Known.GetAlternateLookup<ReadOnlySpan<char>>();

    public static int Count => Known.Count;

    /// <param name="label">The last label of a domain, already lower case.</param>
    public static bool IsKnown(ReadOnlySpan<char> label) => Lookup.Contains(label);

    private static HashSet<string> Build()
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var list in (ReadOnlySpan<string>)[TopLevelDomainData.Ascii, TopLevelDomainData.Unicode, TopLevelDomainData.Punycode])
        {
            foreach (var tld in list.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                set.Add(tld);
            }
        }

        return set;
    }
}
