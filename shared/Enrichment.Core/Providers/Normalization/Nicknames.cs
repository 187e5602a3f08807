using Enrichment.Core.Data;

namespace Enrichment.Core.Providers.Normalization;

/// <summary>
/// first_name_formal: a first name whose first word is a common nickname gets the formal name in
/// its place ("Bob", "Rob", "Bobby" → "Robert"; "Bob Lee" → "Robert Lee"), from the carried list
/// Data/nicknames.csv. A nickname of two formal names there (Alex: Alexander or Alexandra) is left
/// as it is, and so is every name that is no nickname.
/// </summary>
public static class Nicknames
{
    private static readonly Dictionary<string, string> Formal = Load();

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> FormalLookup =
        Formal.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The formal form of a (normalized) first name; the name itself when it has none.</summary>
    public static string? FormalOf(string? firstName)
    {
        if (string.IsNullOrEmpty(firstName))
        {
            return firstName;
        }

        var space = firstName.IndexOf(' ', StringComparison.Ordinal);
        var word = space < 0 ? firstName.AsSpan() : firstName.AsSpan(0, space);
        if (!FormalLookup.TryGetValue(word, out var formal))
        {
            return firstName;
        }

        return space < 0 ? formal : string.Concat(formal, firstName.AsSpan(space));
    }

    private static Dictionary<string, string> Load()
    {
        var formal = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var ambiguous = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in DataFile.Lines("nicknames.csv"))
        {
            var names = line.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            for (var i = 1; i < names.Length; i++)
            {
                if (!formal.TryAdd(names[i], names[0]) && !string.Equals(formal[names[i]], names[0], StringComparison.Ordinal))
                {
                    ambiguous.Add(names[i]);
                }
            }
        }

        foreach (var name in ambiguous)
        {
            formal.Remove(name);
        }

        return formal;
    }
}
