namespace Enrichment.Core.Services;

/// <summary>
/// Remembers the first row of each email key (email_canonical, else email_normalized) and of each
/// E.164 phone while the aggregate streams the job in input order. It keeps a 64-bit hash per
/// distinct key instead of the key (23 to 46 bytes each in <see cref="FirstRowIndex"/>, so a million
/// distinct emails cost 23 to 46 MB); a false match needs a 64-bit collision (~1e-8 at 1M).
/// </summary>
public sealed class DuplicateTracker
{
    private readonly FirstRowIndex _emailRows = new();
    private readonly FirstRowIndex _phoneRows = new();

    /// <summary>Records whose email key appeared on an earlier row.</summary>
    public long Duplicates { get; private set; }

    /// <summary>Records whose phone appeared on an earlier row.</summary>
    public long PhoneDuplicates { get; private set; }

    /// <summary>The row of an earlier record with this email key, or null when this is its first appearance.</summary>
    public long? Observe(string? emailKey, long row)
    {
        var first = Observe(_emailRows, emailKey, row);
        if (first is not null)
        {
            Duplicates++;
        }

        return first;
    }

    /// <summary>The row of an earlier record with this E.164 phone, or null when this is its first appearance.</summary>
    public long? ObservePhone(string? e164, long row)
    {
        var first = Observe(_phoneRows, e164, row);
        if (first is not null)
        {
            PhoneDuplicates++;
        }

        return first;
    }

    private static long? Observe(FirstRowIndex rows, string? key, long row) =>
        string.IsNullOrEmpty(key) ? null : rows.FirstOrAdd(Hash(key), row);

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
