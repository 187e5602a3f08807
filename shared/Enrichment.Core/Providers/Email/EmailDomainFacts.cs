using System.Collections.Concurrent;
using Enrichment.Core.Data;

namespace Enrichment.Core.Providers.Email;

/// <summary>
/// What <see cref="EmailProvider"/> derives from an address's domain alone, worked out once per
/// distinct domain: the domain's own string, whether it is disposable or free (a listed domain or
/// parent, see <see cref="EmailClassifier"/>), the typo suggestion (<see cref="DomainSuggester"/>),
/// whether it is a top provider, and its registrable domain.
/// </summary>
/// <remarks>
/// Issue 13: these were four to six lookups in lists of up to 100,000 names and up to four
/// Public Suffix List walks per row, and two new strings (the domain and its registrable part). A
/// list repeats its domains (a company's people share one, and most private addresses are at a
/// dozen providers), so the facts are kept per domain, bounded like the suggester's answers.
/// </remarks>
internal sealed record EmailDomainFacts(string Domain, bool Disposable, bool Free, string? Suggested, bool Top, string? Registrable)
{
    /// <summary>Distinct domains remembered; past it, a new domain's facts are worked out every time.</summary>
    private const int RememberedDomains = 4096;

    private static readonly ConcurrentDictionary<string, EmailDomainFacts> Known = new(StringComparer.Ordinal);

    private static readonly ConcurrentDictionary<string, EmailDomainFacts>.AlternateLookup<ReadOnlySpan<char>> KnownLookup =
        Known.GetAlternateLookup<ReadOnlySpan<char>>();

    private static int KnownCount;

    /// <param name="domain">The lower-case domain of a valid address.</param>
    public static EmailDomainFacts Of(ReadOnlySpan<char> domain)
    {
        if (KnownLookup.TryGetValue(domain, out var known))
        {
            return known;
        }

        var name = domain.ToString();
        var facts = new EmailDomainFacts(
            name,
            EmailClassifier.IsDisposableDomain(domain),
            EmailClassifier.IsFreeDomain(domain),
            DomainSuggester.Suggest(domain),
            MailDomains.TopLookup.Contains(domain),
            PublicSuffixList.RegistrableDomain(name));
        if (Volatile.Read(ref KnownCount) < RememberedDomains && Known.TryAdd(name, facts))
        {
            Interlocked.Increment(ref KnownCount);
        }

        return facts;
    }
}
