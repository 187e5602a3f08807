namespace Enrichment.Core.Providers.Normalization;

/// <summary>
/// Maps what people type in a country column to an ISO 3166-1 alpha-2 code. Matching ignores case,
/// spaces and punctuation ("U.S.A." = "usa"), reads "&amp;" as "and" and drops a leading or trailing
/// "the". Unknown text gives null: a country is context, never a reason to reject a contact.
/// </summary>
public static class CountryCodes
{
    // Longer text is no country name and must not drive a large stackalloc.
    private const int MaxInputLength = 96;

    private static readonly Dictionary<string, string> ByKey = Build();

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        ByKey.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Every known alpha-2 code (the ISO set plus XK).</summary>
    public static IReadOnlyCollection<string> Alpha2Codes { get; } =
        CountryData.Entries.Select(e => e.Alpha2).Append("XK").ToHashSet(StringComparer.Ordinal);

    public static string? ToAlpha2(string? text)
    {
        if (text is null || text.Length == 0 || text.Length > MaxInputLength)
        {
            return null;
        }

        Span<char> key = stackalloc char[MaxInputLength * 3];
        var length = WriteKey(text, key);
        if (length == 0)
        {
            return null;
        }

        var span = key[..length];
        if (Lookup.TryGetValue(span, out var code))
        {
            return code;
        }

        if (span.Length > 3 && span.StartsWith("THE", StringComparison.Ordinal) && Lookup.TryGetValue(span[3..], out code))
        {
            return code;
        }

        if (span.Length > 3 && span.EndsWith("THE", StringComparison.Ordinal) && Lookup.TryGetValue(span[..^3], out code))
        {
            return code;
        }

        return null;
    }

    /// <summary>Upper-cased letters and digits only; '&amp;' becomes AND.</summary>
    internal static int WriteKey(ReadOnlySpan<char> text, Span<char> destination)
    {
        var length = 0;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                destination[length++] = char.ToUpperInvariant(c);
            }
            else if (c == '&')
            {
                destination[length++] = 'A';
                destination[length++] = 'N';
                destination[length++] = 'D';
            }
        }

        return length;
    }

    private static string KeyOf(string text)
    {
        var buffer = new char[text.Length * 3];
        return new string(buffer, 0, WriteKey(text, buffer));
    }

    private static Dictionary<string, string> Build()
    {
        var map = new Dictionary<string, string>(1600, StringComparer.Ordinal);

        // Codes first, then ISO names, then aliases: an alias never shadows an official meaning.
        foreach (var entry in CountryData.Entries)
        {
            map.TryAdd(entry.Alpha2, entry.Alpha2);
            map.TryAdd(entry.Alpha3, entry.Alpha2);
        }

        foreach (var entry in CountryData.Entries)
        {
            AddNames(map, entry);
        }

        foreach (var entry in CountryAliases.Entries)
        {
            if (entry.Alpha3.Length > 0)
            {
                map.TryAdd(entry.Alpha2, entry.Alpha2);
                map.TryAdd(entry.Alpha3, entry.Alpha2);
            }

            AddNames(map, entry);
        }

        return map;
    }

    private static void AddNames(Dictionary<string, string> map, CountryEntry entry)
    {
        foreach (var name in entry.Names.Split('|'))
        {
            map.TryAdd(KeyOf(name), entry.Alpha2);
        }
    }
}
