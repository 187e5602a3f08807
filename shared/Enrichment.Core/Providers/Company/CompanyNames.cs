using Enrichment.Core.Data;
using Enrichment.Core.Providers.Normalization;

namespace Enrichment.Core.Providers.Company;

/// <summary>
/// A company name made comparable: legal forms from the carried list (Data/legal-forms.txt) are
/// dropped from the end, repeatedly ("Acme Holdings Co., Ltd." → "Acme Holdings"), and a leading
/// one written in capitals ("OOO", "PT") from the start; punctuation left dangling goes too
/// ("Acme, Inc." → "Acme"). A word written all in capitals of four or more letters is recased
/// ("ACME" → "Acme") while shorter ones are taken for acronyms ("IBM"); an all-lower word gets a
/// capital. Mixed case is the writer's choice and kept ("eBay"). A name that is only a legal form
/// is kept as it is.
/// </summary>
public static class CompanyNames
{
    private const int MaxFormWords = 6;
    private const int MaxKeyLength = 64;

    /// <summary>Words a name may have before their positions go on the heap instead of the stack.</summary>
    private const int StackWords = 32;

    private static readonly (HashSet<string> Suffixes, HashSet<string> Prefixes) Forms = LoadForms();

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> SuffixLookup =
        Forms.Suffixes.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> PrefixLookup =
        Forms.Prefixes.GetAlternateLookup<ReadOnlySpan<char>>();

    public static string? Normalize(string? company)
    {
        var text = Whitespace.Collapse(company);
        if (text is null)
        {
            return null;
        }

        // Word positions live on the stack: this runs for every record with a company.
        var count = CountWords(text);
        Span<(int Start, int Length)> words = count <= StackWords ? stackalloc (int, int)[count] : new (int, int)[count];
        FindWords(text, words);
        var first = 0;
        if (words.Length > 1 && PrefixLookup.Contains(Word(text, words[0])))
        {
            first = 1;
        }

        var end = words.Length;
        for (var pass = 0; pass < 3; pass++)
        {
            var cut = SuffixFormStart(text, words, first, end);
            if (cut < 0)
            {
                break;
            }

            end = cut;
        }

        var start = words[first].Start;
        var stop = words[end - 1].Start + words[end - 1].Length;
        // Punctuation is trimmed only where a form was cut ("Acme, Inc." → "Acme", "Acme Corp." stays whole otherwise).
        var name = text.AsSpan(start, stop - start);
        if (end < words.Length)
        {
            name = name.TrimEnd(" ,.;:&-–(/");
        }

        if (first > 0)
        {
            name = name.TrimStart(" ,.;:&-–)/");
        }

        if (name.IsEmpty)
        {
            return text;
        }

        return Recase(text, name);
    }

    /// <summary>The index of the first word of a legal form ending the name (never the first word), or -1.</summary>
    private static int SuffixFormStart(string text, ReadOnlySpan<(int Start, int Length)> words, int first, int end)
    {
        Span<char> key = stackalloc char[MaxKeyLength];
        for (var count = Math.Min(MaxFormWords, end - first - 1); count >= 1; count--)
        {
            var length = 0;
            var fits = true;
            for (var i = end - count; i < end && fits; i++)
            {
                fits = AppendKey(Word(text, words[i]), key, ref length);
            }

            if (fits && length > 0 && SuffixLookup.Contains(key[..length]))
            {
                return end - count;
            }
        }

        return -1;
    }

    private static ReadOnlySpan<char> Word(string text, (int Start, int Length) word) => text.AsSpan(word.Start, word.Length);

    /// <summary>How many words <see cref="FindWords"/> finds (at least one).</summary>
    private static int CountWords(string text) => FindWords(text, []);

    /// <summary>
    /// Words split at spaces and commas ("Acme,Inc." is two words), written into
    /// <paramref name="words"/> as far as it reaches; answers how many there are. Text with no word
    /// (only commas) is one word, the whole text.
    /// </summary>
    private static int FindWords(string text, Span<(int Start, int Length)> words)
    {
        var count = 0;
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var separator = i == text.Length || text[i] is ' ' or ',';
            if (separator && start >= 0)
            {
                if (count < words.Length)
                {
                    words[count] = (start, i - start);
                }

                count++;
                start = -1;
            }
            else if (!separator && start < 0)
            {
                start = i;
            }
        }

        if (count == 0)
        {
            if (words.Length > 0)
            {
                words[0] = (0, text.Length);
            }

            count = 1;
        }

        return count;
    }

    /// <summary>Letters, digits and '&amp;' lower-cased: "S.A." and "s. a." both give "sa".</summary>
    private static bool AppendKey(ReadOnlySpan<char> word, Span<char> key, ref int length)
    {
        foreach (var c in word)
        {
            if (char.IsLetterOrDigit(c) || c == '&')
            {
                if (length == key.Length)
                {
                    return false;
                }

                key[length++] = char.ToLowerInvariant(c);
            }
        }

        return true;
    }

    internal static string Key(string form)
    {
        Span<char> key = stackalloc char[MaxKeyLength];
        var length = 0;
        return AppendKey(form, key, ref length) ? new string(key[..length]) : string.Empty;
    }

    /// <summary>The recased name; <paramref name="text"/> itself when the name is all of it and needs no change.</summary>
    private static string Recase(string text, ReadOnlySpan<char> name)
    {
        Span<char> buffer = name.Length <= 256 ? stackalloc char[name.Length] : new char[name.Length];
        name.CopyTo(buffer);
        var start = 0;
        for (var i = 0; i <= buffer.Length; i++)
        {
            if (i == buffer.Length || buffer[i] == ' ')
            {
                RecaseWord(buffer[start..i]);
                start = i + 1;
            }
        }

        if (!name.SequenceEqual(buffer))
        {
            return new string(buffer);
        }

        return name.Length == text.Length ? text : name.ToString();
    }

    private static void RecaseWord(Span<char> word)
    {
        var upper = 0;
        var lower = 0;
        foreach (var c in word)
        {
            if (char.IsUpper(c))
            {
                upper++;
            }
            else if (char.IsLower(c))
            {
                lower++;
            }
        }

        if (upper > 0 && lower > 0)
        {
            return;
        }

        if (upper >= 4)
        {
            for (var i = 1; i < word.Length; i++)
            {
                word[i] = char.ToLowerInvariant(word[i]);
            }
        }
        else if (lower > 0 && word.Length > 0)
        {
            word[0] = char.ToUpperInvariant(word[0]);
        }
    }

    private static (HashSet<string>, HashSet<string>) LoadForms()
    {
        var suffixes = new HashSet<string>(StringComparer.Ordinal);
        var prefixes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in DataFile.Lines("legal-forms.txt"))
        {
            var parts = line.Split('|', StringSplitOptions.TrimEntries);
            if (parts.Length != 3)
            {
                throw new InvalidDataException("legal-forms.txt: every line is 'form | countries | position'.");
            }

            if (parts[2] == "prefix")
            {
                // Only as written: "PT Bank Central Asia", never "Pt" in a name.
                prefixes.Add(parts[0]);
            }
            else
            {
                suffixes.Add(Key(parts[0]));
            }
        }

        return (suffixes, prefixes);
    }
}
