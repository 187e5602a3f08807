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
/// <see cref="MacExceptions"/>). Roman-numeral suffixes become upper case ("III").</item>
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
    private static readonly HashSet<string> Particles = new(StringComparer.Ordinal)
    {
        "van", "von", "der", "den", "de", "del", "della", "dei", "degli", "la", "le", "les", "du", "di",
        "da", "das", "dos", "do", "ten", "ter", "het", "zu", "af", "av", "bin", "ibn", "al", "el", "vom",
        "zum", "zur",
    };

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

    private static readonly HashSet<string> RomanNumerals = new(StringComparer.Ordinal) { "ii", "iii", "iv" };

    /// <summary>Names that start with "mac" but are not Mac-patronymics (the rule would give "MacIas").</summary>
    private static readonly HashSet<string> MacExceptions = new(StringComparer.Ordinal)
    {
        "macaluso", "macario", "macedo", "macedonio", "maciejewski", "maciel", "macias", "maciak",
        "macklin", "mackowiak", "macomber", "macayo",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ParticleLookup =
        Particles.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> RomanLookup =
        RomanNumerals.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> MacLookup =
        MacExceptions.GetAlternateLookup<ReadOnlySpan<char>>();

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
            return CaseWord(collapsed, lowerParticle: false);
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
            if (IsParticle(words[i]))
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
            cased[i] = CaseWord(words[start + i], lowerParticle);
        }

        return count == 1 ? cased[0] : string.Join(' ', cased);
    }

    /// <summary>Recases one word unless its writer already chose a casing (or its script has none).</summary>
    internal static string CaseWord(string word, bool lowerParticle)
    {
        var (hasUpper, hasLower) = CasesOf(word);
        if (!hasUpper && !hasLower)
        {
            // No cased letter: a caseless script (Chinese, Arabic, Thai...), digits or marks.
            return word;
        }

        Span<char> buffer = word.Length <= 256 ? stackalloc char[word.Length] : new char[word.Length];
        word.CopyTo(buffer);
        if (hasUpper && hasLower)
        {
            // Deliberate casing is kept; only a hyphen part written all upper or all lower is recased.
            var changed = false;
            var start = 0;
            for (var i = 0; i <= buffer.Length; i++)
            {
                if (i == buffer.Length || buffer[i] == '-')
                {
                    var part = buffer[start..i];
                    var (partUpper, partLower) = CasesOf(part);
                    if (partUpper != partLower)
                    {
                        RecaseSegment(part);
                        changed = true;
                    }

                    start = i + 1;
                }
            }

            return changed ? new string(buffer) : word;
        }

        for (var i = 0; i < buffer.Length; i++)
        {
            buffer[i] = char.ToLowerInvariant(buffer[i]);
        }

        FixFinalSigma(buffer);
        ReadOnlySpan<char> lower = buffer;
        if (lowerParticle && IsParticle(lower))
        {
            return new string(buffer);
        }

        if (RomanLookup.Contains(lower.TrimEnd('.')))
        {
            return word.ToUpperInvariant();
        }

        var segmentStart = 0;
        for (var i = 0; i <= buffer.Length; i++)
        {
            if (i == buffer.Length || buffer[i] == '-')
            {
                RecaseSegment(buffer[segmentStart..i]);
                segmentStart = i + 1;
            }
        }

        return new string(buffer);
    }

    private static (bool Upper, bool Lower) CasesOf(ReadOnlySpan<char> text)
    {
        var upper = false;
        var lower = false;
        foreach (var c in text)
        {
            if (char.IsUpper(c))
            {
                upper = true;
            }
            else if (char.IsLower(c))
            {
                lower = true;
            }
        }

        return (upper, lower);
    }

    private static void RecaseSegment(Span<char> segment)
    {
        for (var i = 0; i < segment.Length; i++)
        {
            segment[i] = char.ToLowerInvariant(segment[i]);
        }

        FixFinalSigma(segment);
        CaseSegment(segment);
    }

    /// <summary>Greek lower case has a word-final sigma that simple case mapping does not produce.</summary>
    private static void FixFinalSigma(Span<char> word)
    {
        for (var i = 0; i < word.Length; i++)
        {
            if (word[i] == 'σ' && i > 0 && char.IsLetter(word[i - 1]) && (i == word.Length - 1 || !char.IsLetter(word[i + 1])))
            {
                word[i] = 'ς';
            }
        }
    }

    private static void CaseSegment(Span<char> segment)
    {
        var first = FirstLetter(segment);
        if (first < 0)
        {
            return;
        }

        segment[first] = char.ToUpperInvariant(segment[first]);
        var rest = segment[first..];

        // O'Brien, D'Angelo, L'Estrange: a one-letter prefix with an apostrophe.
        if (rest.Length > 2 && IsApostrophe(rest[1]) && char.IsLetter(rest[2]))
        {
            rest[2] = char.ToUpperInvariant(rest[2]);
            return;
        }

        if (rest.Length > 3 && rest[1] == 'c' && rest[0] == 'M' && char.IsLetter(rest[2]))
        {
            rest[2] = char.ToUpperInvariant(rest[2]);
            return;
        }

        if (rest.Length >= 7 && rest[0] == 'M' && rest[1] == 'a' && rest[2] == 'c' && LooksGaelicAfterMac(rest))
        {
            rest[3] = char.ToUpperInvariant(rest[3]);
        }
    }

    private static bool LooksGaelicAfterMac(Span<char> word)
    {
        // "Mach-" (Machado) and "Macc-" (Macchi) are never Mac + name; the rest needs 4+ letters.
        var next = word[3];
        if (next is 'h' or 'c' || !char.IsLetter(next))
        {
            return false;
        }

        Span<char> lower = stackalloc char[word.Length];
        word.CopyTo(lower);
        lower[0] = 'm';
        return !MacLookup.Contains(lower);
    }

    private static int FirstLetter(Span<char> segment)
    {
        for (var i = 0; i < segment.Length; i++)
        {
            if (char.IsLetter(segment[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsApostrophe(char c) => c is '\'' or '\u2019' or '\u02BC';

    private static bool IsParticle(ReadOnlySpan<char> word)
    {
        if (word.Length > 8)
        {
            return false;
        }

        Span<char> lower = stackalloc char[word.Length];
        word.ToLowerInvariant(lower);
        return ParticleLookup.Contains(lower);
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
