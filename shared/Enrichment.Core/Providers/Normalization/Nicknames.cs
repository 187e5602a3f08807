using Enrichment.Core.Data;

namespace Enrichment.Core.Providers.Normalization;

/// <summary>
/// first_name_formal: a first name whose first word is a common nickname gets the formal name in
/// its place ("Bob", "Rob", "Bobby" → "Robert"; "Bob Lee" → "Robert Lee"). The pairs come from the
/// carried open list Data/nicknames.carltonnorthern.csv, filtered by the project's selection
/// Data/nicknames.csv (that list relates names loosely: Amy-Amelia, Tracy-Theresa), plus the few
/// pairs the project adds in Data/nicknames.project.csv. A nickname chosen under two formal names
/// (Alex: Alexander or Alexandra) is left as it is, and so is every name that is no nickname.
/// </summary>
public static class Nicknames
{
    private static readonly (Dictionary<string, string> Formal, IReadOnlyList<string> Unattested) Carried = Load();

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> FormalLookup =
        Carried.Formal.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Pairs of the carried selection that the carried open list does not hold (none, while the two agree).</summary>
    public static IReadOnlyList<string> UnattestedSelection => Carried.Unattested;

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

    /// <summary>
    /// The nickname → formal map from the open list's triples (<c>name1,has_nickname,name2</c>), the
    /// selection and the project's additions (both <c>Formal,Nick,Nick…</c>). A selected pair the open
    /// list does not hold is left out and reported in <paramref name="unattested"/>, so a refresh of
    /// the list that drops a pair drops its mapping and the tests say which.
    /// </summary>
    public static Dictionary<string, string> Build(
        IEnumerable<string> openListLines,
        IEnumerable<string> selectionLines,
        IEnumerable<string> projectLines,
        out IReadOnlyList<string> unattested)
    {
        var attested = new HashSet<(string Formal, string Nickname)>();
        foreach (var line in openListLines)
        {
            var triple = line.Split(',', StringSplitOptions.TrimEntries);
            if (triple.Length == 3 && triple[1] == "has_nickname")
            {
                attested.Add((triple[0].ToLowerInvariant(), triple[2].ToLowerInvariant()));
            }
        }

        var formal = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var ambiguous = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var missing = new List<string>();
        void Choose(string formalName, string nickname)
        {
            if (!formal.TryAdd(nickname, formalName) && !string.Equals(formal[nickname], formalName, StringComparison.Ordinal))
            {
                ambiguous.Add(nickname);
            }
        }

        foreach (var (formalName, nickname) in Pairs(selectionLines))
        {
            if (attested.Contains((formalName.ToLowerInvariant(), nickname.ToLowerInvariant())))
            {
                Choose(formalName, nickname);
            }
            else
            {
                missing.Add($"{formalName},{nickname}");
            }
        }

        foreach (var (formalName, nickname) in Pairs(projectLines))
        {
            Choose(formalName, nickname);
        }

        foreach (var name in ambiguous)
        {
            formal.Remove(name);
        }

        unattested = missing;
        return formal;
    }

    private static (Dictionary<string, string>, IReadOnlyList<string>) Load()
    {
        var formal = Build(
            DataFile.Lines("nicknames.carltonnorthern.csv"),
            DataFile.Lines("nicknames.csv"),
            DataFile.Lines("nicknames.project.csv"),
            out var unattested);
        return (formal, unattested);
    }

    private static IEnumerable<(string Formal, string Nickname)> Pairs(IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            var names = line.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            for (var i = 1; i < names.Length; i++)
            {
                yield return (names[0], names[i]);
            }
        }
    }
}
