using System.Collections.Concurrent;

namespace Enrichment.Core.Providers.Email;

/// <summary>
/// The top mail domain an address's domain is most likely a typo of ("gmial.com" → "gmail.com",
/// "hotmai.com" → "hotmail.com", "yahoo.con" → "yahoo.com"), by bounded Damerau-Levenshtein
/// distance against <see cref="MailDomains.Top"/>. To keep real business domains from being
/// "corrected" ("acme.com" is two edits from "aim.com"): a domain the curated lists name exactly is
/// never a typo (the project's own lists: see <see cref="MailDomains.Curated"/>); short provider names (aol, gmx, me, qq...) are no target at all; a name of 5 letters
/// (gmail, yahoo) allows one edit and a longer one (hotmail, outlook) two.
/// </summary>
public static class DomainSuggester
{
    private const int MinTargetLabel = 5;

    /// <summary>
    /// Distinct domains whose answer is remembered. A list repeats its domains (a company's people
    /// share one), and each new one costs an edit distance against every target; the bound keeps
    /// a list of endless distinct domains from growing the memory without limit.
    /// </summary>
    private const int RememberedDomains = 4096;

    private static readonly Target[] Targets = BuildTargets();

    private static readonly ConcurrentDictionary<string, string?> Answers = new(StringComparer.Ordinal);

    private static readonly ConcurrentDictionary<string, string?>.AlternateLookup<ReadOnlySpan<char>> AnswerLookup =
        Answers.GetAlternateLookup<ReadOnlySpan<char>>();

    private static int AnswerCount;

    /// <summary>The suggested domain, or null when none is close (or the domain is itself listed).</summary>
    public static string? Suggest(ReadOnlySpan<char> domain)
    {
        if (domain.IsEmpty || MailDomains.IsKnown(domain))
        {
            return null;
        }

        if (AnswerLookup.TryGetValue(domain, out var remembered))
        {
            return remembered;
        }

        var answer = Closest(domain);
        if (Volatile.Read(ref AnswerCount) < RememberedDomains && AnswerLookup.TryAdd(domain, answer))
        {
            Interlocked.Increment(ref AnswerCount);
        }

        return answer;
    }

    private static string? Closest(ReadOnlySpan<char> domain)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var target in Targets)
        {
            var max = Math.Min(target.MaxEdits, bestDistance - 1);
            if (max < 1 || Math.Abs(target.Domain.Length - domain.Length) > max)
            {
                continue;
            }

            var distance = EditDistance.Bounded(domain, target.Domain, max);
            if (distance <= max)
            {
                best = target.Domain;
                bestDistance = distance;
            }
        }

        return best;
    }

    private static Target[] BuildTargets()
    {
        var targets = new List<Target>();
        foreach (var domain in MailDomains.Top)
        {
            var label = domain.IndexOf('.', StringComparison.Ordinal);
            if (label >= MinTargetLabel)
            {
                targets.Add(new Target(domain, label > MinTargetLabel ? 2 : 1));
            }
        }

        return [.. targets];
    }

    private readonly record struct Target(string Domain, int MaxEdits);
}
