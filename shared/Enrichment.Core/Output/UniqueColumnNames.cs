namespace Enrichment.Core.Output;

/// <summary>
/// Makes column names unique for formats keyed by name (JSON): the first occurrence keeps its name,
/// a later duplicate gets "_2", "_3"... (the next free one; comparison is ordinal, as JSON keys are).
/// </summary>
public static class UniqueColumnNames
{
    public static IReadOnlyList<string> Make(IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var taken = new HashSet<string>(columns.Count, StringComparer.Ordinal);
        var result = new string[columns.Count];
        var duplicates = new List<int>();
        for (var i = 0; i < columns.Count; i++)
        {
            if (taken.Add(columns[i]))
            {
                result[i] = columns[i];
            }
            else
            {
                duplicates.Add(i);
            }
        }

        // Suffixes are assigned after every original name is taken, so "a_2" in the input keeps its name.
        foreach (var index in duplicates)
        {
            var name = columns[index];
            for (var suffix = 2; ; suffix++)
            {
                var candidate = $"{name}_{suffix}";
                if (taken.Add(candidate))
                {
                    result[index] = candidate;
                    break;
                }
            }
        }

        return result;
    }
}
