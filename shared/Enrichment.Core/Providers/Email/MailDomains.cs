using Enrichment.Core.Data;

namespace Enrichment.Core.Providers.Email;

/// <summary>
/// The carried mail-domain lists (Data/SOURCES.md): free mailbox providers, throwaway inbox
/// services (each an npm list plus the project's own additions) and the top providers that
/// typo suggestions aim at. Loaded once, on first use.
/// </summary>
internal static class MailDomains
{
    public static readonly HashSet<string> Free = DataFile.Set("free-domains.txt", "free-domains.project.txt");
    public static readonly HashSet<string> Disposable = DataFile.Set("disposable-domains.txt", "disposable-domains.project.txt");

    /// <summary>
    /// The lists the project compiled itself. The npm lists are no proof that a domain is not a
    /// typo: free-email-domains names "gmial.com" and "hotmial.com" (typo-squatted domains do take
    /// mail), and those deserve a suggestion all the same.
    /// </summary>
    public static readonly HashSet<string> Curated = DataFile.Set("top-mail-domains.txt", "free-domains.project.txt", "disposable-domains.project.txt");

    /// <summary>Top providers, most common first (a tie between two typo targets goes to the earlier).</summary>
    public static readonly string[] Top = [.. DataFile.Lines("top-mail-domains.txt").Select(d => d.ToLowerInvariant())];

    public static readonly HashSet<string> TopSet = new(Top, StringComparer.Ordinal);

    public static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> FreeLookup = Free.GetAlternateLookup<ReadOnlySpan<char>>();
    public static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> DisposableLookup = Disposable.GetAlternateLookup<ReadOnlySpan<char>>();
    public static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> TopLookup = TopSet.GetAlternateLookup<ReadOnlySpan<char>>();

    public static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> CuratedLookup = Curated.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Whether the project's own lists name this exact domain: such a domain is never taken for a typo.</summary>
    public static bool IsKnown(ReadOnlySpan<char> domain) => CuratedLookup.Contains(domain);
}
