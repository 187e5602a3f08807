
namespace Enrichment.Core.Data;

/// <summary>
/// The carried data files (embedded in this assembly from Data/; sources and licences in
/// Data/SOURCES.md): one entry per line, blank lines and lines starting with '#' or "//" skipped.
/// </summary>
internal static class DataFile
{
    public static IEnumerable<string> Lines(string fileName)
    {
        using var stream = typeof(DataFile).Assembly.GetManifestResourceStream($"Enrichment.Core.Data.{fileName}")
            ?? throw new InvalidOperationException($"The data file {fileName} is not embedded.");
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            var entry = line.Trim();
            if (entry.Length > 0 && entry[0] != '#' && !entry.StartsWith("//", StringComparison.Ordinal))
            {
                yield return entry;
            }
        }
    }

    /// <summary>The entries of the named files as a set, with a span lookup for the hot path.</summary>
    public static HashSet<string> Set(params string[] fileNames)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in fileNames)
        {
            foreach (var line in Lines(name))
            {
                set.Add(line.ToLowerInvariant());
            }
        }

        return set;
    }
}
