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
/// last word (with a generational suffix such as "Jr." kept with it); a leading title (Mr, Dr...)
/// is dropped. A single word is taken as the first name, or as the last name after a title. Names of scripts written family-name-first
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

    private static readonly HashSet<string> Titles = new(StringComparer.Ordinal)
    {
        "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "madam", "herr", "frau", "mme", "mlle",
    };

    private static readonly HashSet<string> Suffixes = new(StringComparer.Ordinal)
    {
        "jr", "sr", "ii", "iii", "iv", "phd", "md", "esq", "jnr", "snr",
    };

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

    /// <summary>Normalizes first and last name, or splits the full name when neither is given.</summary>
    public static PersonName Normalize(string? firstName, string? lastName, string? fullName)
    {
        var first = Whitespace.Collapse(firstName);
        var last = Whitespace.Collapse(lastName);
        if (first is not null || last is not null)
        {
            return new PersonName(CaseName(first, isFirstName: true), CaseName(last, isFirstName: false));
        }

        var full = Whitespace.Collapse(fullName);
        return full is null ? default : SplitFullName(full);
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
            var lastPart = Whitespace.Collapse(full[..comma]);
            var firstPart = Whitespace.Collapse(full[(comma + 1)..]);
            if (lastPart is not null && firstPart is not null && !IsSuffix(firstPart))
            {
                return new PersonName(CaseName(firstPart, isFirstName: true), CaseName(lastPart, isFirstName: false));
            }
        }

        var words = full.Replace(",", string.Empty, StringComparison.Ordinal).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var start = 0;
        while (start < words.Length - 1 && IsTitle(words[start]))
        {
            start++;
        }

        var count = words.Length - start;
        if (count == 1)
        {
            // "Madonna" is a first name; "Mr Smith" is a surname.
            return start == 0
                ? new PersonName(CaseWords(words, start, 1, isFirstName: true), null)
                : new PersonName(null, CaseWords(words, start, 1, isFirstName: false));
        }

        var lastStart = -1;
        for (var i = start + 1; i < words.Length - 1; i++)
        {
            if (IsParticle(words[i]))
            {
                lastStart = i;
                break;
            }
        }

        if (lastStart < 0)
        {
            lastStart = words.Length - 1;
            if (count >= 3 && IsSuffix(words[lastStart]))
            {
                lastStart--;
            }
        }

        return new PersonName(
            CaseWords(words, start, lastStart - start, isFirstName: true),
            CaseWords(words, lastStart, words.Length - lastStart, isFirstName: false));
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

    private static bool IsTitle(string word) => MatchesSet(Titles, word);

    private static bool IsSuffix(string word) => MatchesSet(Suffixes, word);

    private static bool MatchesSet(HashSet<string> set, string word)
    {
        var bare = word.AsSpan().TrimEnd('.');
        if (bare.Length == 0 || bare.Length > 8)
        {
            return false;
        }

        Span<char> lower = stackalloc char[bare.Length];
        bare.ToLowerInvariant(lower);
        return set.GetAlternateLookup<ReadOnlySpan<char>>().Contains(lower);
    }
}
