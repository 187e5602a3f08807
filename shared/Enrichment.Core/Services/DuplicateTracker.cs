namespace Enrichment.Core.Services;

/// <summary>
/// Remembers the first row of each normalized email while the aggregate streams the job in input
/// order. It keeps a 64-bit hash per distinct email instead of the email (about 40 bytes each, so a
/// million distinct emails cost about 40 MB); a false match needs a 64-bit collision (~1e-8 at 1M).
/// </summary>
public sealed class DuplicateTracker
{
    private readonly Dictionary<ulong, long> firstRows = [];

    public long Duplicates { get; private set; }

    /// <summary>The row of an earlier record with this email, or null when this is its first appearance.</summary>
    public long? Observe(string? normalizedEmail, long row)
    {
        if (string.IsNullOrEmpty(normalizedEmail))
        {
            return null;
        }

        var hash = Hash(normalizedEmail);
        if (firstRows.TryGetValue(hash, out var first))
        {
            Duplicates++;
            return first;
        }

        firstRows.Add(hash, row);
        return null;
    }

    /// <summary>FNV-1a over the UTF-16 code units: stable across processes, unlike string.GetHashCode.</summary>
    private static ulong Hash(string value)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in value)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }
}
