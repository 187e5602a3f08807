namespace Enrichment.Core.Providers.Normalization;

/// <summary>
/// The word-level casing rules of <see cref="NameNormalizer"/>: a word its writer already cased is
/// kept, ALL-UPPER and all-lower words are recased (hyphens, O'/D' prefixes, Mc/Mac, Roman numerals,
/// Greek final sigma), and particles (van, der, de...) are told apart from names.
/// </summary>
internal static class NameWordCasing
{
    private static readonly HashSet<string> Particles = new(StringComparer.Ordinal)
    {
        "van", "von", "der", "den", "de", "del", "della", "dei", "degli", "la", "le", "les", "du", "di",
        "da", "das", "dos", "do", "ten", "ter", "het", "zu", "af", "av", "bin", "ibn", "al", "el", "vom",
        "zum", "zur",
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

    internal static bool IsParticle(ReadOnlySpan<char> word)
    {
        if (word.Length > 8)
        {
            return false;
        }

        Span<char> lower = stackalloc char[word.Length];
        word.ToLowerInvariant(lower);
        return ParticleLookup.Contains(lower);
    }
}
