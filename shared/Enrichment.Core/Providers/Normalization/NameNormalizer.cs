namespace Enrichment.Core.Providers.Normalization;

/// <summary>
/// Cases person names the way people write them. The rules, in order:
/// <list type="bullet">
/// <item>Whitespace is trimmed and collapsed.</item>
/// <item>A word that already mixes upper and lower case ("DeAndre", "McDonald", "Smith") is the
/// writer's deliberate choice and is kept as given (in a hyphenated word this is decided per part:
/// "Mary-jane" becomes "Mary-Jane"); so is a word without cased letters (Chinese, Japanese, Korean,
/// Arabic, Hebrew, Thai... scripts have no case). Only ALL-UPPER and all-lower words are recased.</item>
/// <item>Recased words get a capital after a hyphen ("Mary-Jane"), after a one-letter prefix with an
/// apostrophe ("O'Brien", "D'Angelo"), after Mc ("McDonald") and after Mac when what follows looks
/// like a Gaelic name ("MacDonald", but "Mack", "Macy", "Machado", "Macias" stay; see
/// <see cref="NameWordCasing"/>). Roman-numeral suffixes become upper case ("III").</item>
/// <item>Particles (van, von, der, de, la, du, di, da, le, ten, ter, den, del, dos, das, bin, al...)
/// are lower case inside a name ("VAN DER BERG" → "van der Berg", the Dutch/German/French
/// convention) except as the first word of a first name or the only or last word of a name, where
/// they are names in their own right ("Van" Morrison, surname "Da").</item>
/// </list>
/// A full name is split when no first/last name is given: "Last, First" by its comma, otherwise the
/// first word is the first name and the last name starts at the first particle after it or is the
/// last word; leading titles (Mr, Dr...) go to the prefix and trailing suffixes (Jr., III, PhD...)
/// to the suffix. A single word is taken as the first name, or as the last name after a title. Names of scripts written family-name-first
/// cannot be told apart and are split the same way.
/// </summary>
public static class NameNormalizer
{
    /// <summary>Titles by their bare lower-case key, with the spelling written to name_prefix.</summary>
    private static readonly Dictionary<string, string> Titles = new(StringComparer.Ordinal)
    {
        ["mr"] = "Mr.", ["mrs"] = "Mrs.", ["ms"] = "Ms.", ["miss"] = "Miss", ["mx"] = "Mx.", ["dr"] = "Dr.",
        ["prof"] = "Prof.", ["sir"] = "Sir", ["dame"] = "Dame", ["madam"] = "Madam", ["herr"] = "Herr",
        ["frau"] = "Frau", ["mme"] = "Mme", ["mlle"] = "Mlle", ["rev"] = "Rev.", ["hon"] = "Hon.",
    };

    /// <summary>Suffixes by their bare lower-case key, with the spelling written to name_suffix.</summary>
    private static readonly Dictionary<string, string> Suffixes = new(StringComparer.Ordinal)
    {
        ["jr"] = "Jr.", ["sr"] = "Sr.", ["ii"] = "II", ["iii"] = "III", ["iv"] = "IV", ["phd"] = "PhD",
        ["md"] = "MD", ["esq"] = "Esq.", ["jnr"] = "Jnr", ["snr"] = "Snr", ["dds"] = "DDS", ["cpa"] = "CPA",
        ["mba"] = "MBA",
    };

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> TitleLookup =
        Titles.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> SuffixLookup =
        Suffixes.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// Normalizes first and last name, or splits the full name when neither is given. Titles before
    /// the first name ("Dr. John") and suffixes after the last ("Smith Jr.", "Smith, PhD") move to
    /// the prefix and suffix.
    /// </summary>
    public static PersonName Normalize(string? firstName, string? lastName, string? fullName)
    {
        var first = Whitespace.Collapse(firstName);
        var last = Whitespace.Collapse(lastName);
        if (first is not null || last is not null)
        {
            string? prefix = null;
            string? suffix = null;
            if (first is not null && first.Contains(' ', StringComparison.Ordinal))
            {
                var words = first.Split(' ');
                var start = TitleEnd(words, 0, words.Length);
                prefix = Join(TitleLookup, words, 0, start);
                first = start > 0 ? string.Join(' ', words, start, words.Length - start) : first;
            }

            if (last is not null && (last.Contains(' ', StringComparison.Ordinal) || last.Contains(',', StringComparison.Ordinal)))
            {
                var words = last.Replace(",", " ", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var end = SuffixStart(words, 0, words.Length);
                suffix = Join(SuffixLookup, words, end, words.Length);
                last = end < words.Length ? string.Join(' ', words, 0, end) : last;
            }

            return new PersonName(CaseName(first, isFirstName: true), CaseName(last, isFirstName: false), prefix, suffix);
        }

        var full = Whitespace.Collapse(fullName);
        return full is null ? default : SplitFullName(full);
    }

    /// <summary>The first word after the leading titles of words[start..end) (at least one word is left).</summary>
    private static int TitleEnd(string[] words, int start, int end)
    {
        while (start < end - 1 && IsTitle(words[start]))
        {
            start++;
        }

        return start;
    }

    /// <summary>Where the trailing suffixes of words[start..end) begin (at least one word is left).</summary>
    private static int SuffixStart(string[] words, int start, int end)
    {
        while (end - start > 1 && IsSuffix(words[end - 1]))
        {
            end--;
        }

        return end;
    }

    /// <summary>The usual spellings of words[start..end) joined by spaces, or null when there are none.</summary>
    private static string? Join(Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> spellings, string[] words, int start, int end)
    {
        if (start >= end)
        {
            return null;
        }

        var parts = new string[end - start];
        for (var i = start; i < end; i++)
        {
            TryUsualSpelling(spellings, words[i], out parts[i - start]);
        }

        return parts.Length == 1 ? parts[0] : string.Join(' ', parts);
    }

    /// <summary>Cases one name part (first or last name) on its own.</summary>
    public static string? CaseName(string? name, bool isFirstName)
    {
        var collapsed = Whitespace.Collapse(name);
        if (collapsed is null)
        {
            return null;
        }

        if (!collapsed.Contains(' ', StringComparison.Ordinal))
        {
            // The common case: one word, which is never a lower-case particle on its own.
            return NameWordCasing.CaseWord(collapsed, lowerParticle: false);
        }

        var words = collapsed.Split(' ');
        return CaseWords(words, 0, words.Length, isFirstName);
    }

    private static PersonName SplitFullName(string full)
    {
        var comma = full.IndexOf(',', StringComparison.Ordinal);
        if (comma > 0 && comma < full.Length - 1)
        {
            // "Last, First": the first part may carry titles and suffixes ("King, Dr. Martin Luther, Jr.").
            var lastWords = full[..comma].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var firstWords = full[(comma + 1)..].Replace(",", " ", StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var lastEnd = lastWords.Length == 0 ? 0 : SuffixStart(lastWords, 0, lastWords.Length);
            var firstStart = firstWords.Length == 0 ? 0 : TitleEnd(firstWords, 0, firstWords.Length);
            var firstEnd = firstWords.Length == 0 ? 0 : SuffixStart(firstWords, firstStart, firstWords.Length);
            if (lastEnd > 0 && firstEnd > firstStart && !(firstEnd - firstStart == 1 && IsSuffix(firstWords[firstStart])))
            {
                var suffix = Join(SuffixLookup, [.. firstWords[firstEnd..], .. lastWords[lastEnd..]], 0, firstWords.Length - firstEnd + lastWords.Length - lastEnd);
                return new PersonName(
                    CaseWords(firstWords, firstStart, firstEnd - firstStart, isFirstName: true),
                    CaseWords(lastWords, 0, lastEnd, isFirstName: false),
                    Join(TitleLookup, firstWords, 0, firstStart),
                    suffix);
            }
        }

        var words = full.Replace(",", string.Empty, StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var start = TitleEnd(words, 0, words.Length);
        var end = SuffixStart(words, start, words.Length);
        var prefix = Join(TitleLookup, words, 0, start);
        var suffixes = Join(SuffixLookup, words, end, words.Length);
        var count = end - start;
        if (count == 1)
        {
            // "Madonna" is a first name; "Mr Smith" is a surname.
            return start == 0
                ? new PersonName(CaseWords(words, start, 1, isFirstName: true), null, prefix, suffixes)
                : new PersonName(null, CaseWords(words, start, 1, isFirstName: false), prefix, suffixes);
        }

        var lastStart = end - 1;
        for (var i = start + 1; i < end - 1; i++)
        {
            if (NameWordCasing.IsParticle(words[i]))
            {
                lastStart = i;
                break;
            }
        }

        return new PersonName(
            CaseWords(words, start, lastStart - start, isFirstName: true),
            CaseWords(words, lastStart, end - lastStart, isFirstName: false),
            prefix,
            suffixes);
    }

    private static string CaseWords(string[] words, int start, int count, bool isFirstName)
    {
        var cased = new string[count];
        for (var i = 0; i < count; i++)
        {
            var lowerParticle = i < count - 1 && !(isFirstName && i == 0);
            cased[i] = NameWordCasing.CaseWord(words[start + i], lowerParticle);
        }

        return count == 1 ? cased[0] : string.Join(' ', cased);
    }

    private static bool IsTitle(string word) => TryUsualSpelling(TitleLookup, word, out _);

    private static bool IsSuffix(string word) => TryUsualSpelling(SuffixLookup, word, out _);

    /// <summary>Looks a title or suffix word up by its bare lower-case key ("Dr." → "dr").</summary>
    private static bool TryUsualSpelling(Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> lookup, string word, out string spelling)
    {
        spelling = string.Empty;
        var bare = word.AsSpan().TrimEnd('.');
        if (bare.Length is 0 or > 8)
        {
            return false;
        }

        Span<char> lower = stackalloc char[bare.Length];
        bare.ToLowerInvariant(lower);
        if (lookup.TryGetValue(lower, out var found))
        {
            spelling = found;
            return true;
        }

        return false;
    }
}
