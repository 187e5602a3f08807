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

    /// <summary><see cref="Observe(string?, long)"/> of the key's UTF-8 (empty for none): the same answer, with no string made.</summary>
    public long? Observe(ReadOnlySpan<byte> emailKey, long row) => emailKey.IsEmpty ? null : ObserveKey(KeyOf(emailKey), row);

    /// <summary><see cref="ObservePhone(string?, long)"/> of the phone's UTF-8 (empty for none).</summary>
    public long? ObservePhone(ReadOnlySpan<byte> e164, long row) => e164.IsEmpty ? null : ObservePhoneKey(KeyOf(e164), row);

    /// <summary><see cref="Observe(string?, long)"/> of a key already hashed by <see cref="KeyOf"/> (on another thread: issue 13).</summary>
    public long? ObserveKey(ulong emailKey, long row)
    {
        var first = _emailRows.FirstOrAdd(emailKey, row);
        if (first is not null)
        {
            Duplicates++;
        }

        return first;
    }

    /// <summary><see cref="ObservePhone(string?, long)"/> of a phone already hashed by <see cref="KeyOf"/>.</summary>
    public long? ObservePhoneKey(ulong e164, long row)
    {
        var first = _phoneRows.FirstOrAdd(e164, row);
        if (first is not null)
        {
            PhoneDuplicates++;
        }

        return first;
    }

    /// <summary>
    /// What the index holds of a key, from its UTF-8 (not empty): it depends on the key alone, so it can
    /// be computed on any thread, ahead of the lookups that must come in input order.
    /// </summary>
    public static ulong KeyOf(ReadOnlySpan<byte> utf8) => Hash(utf8);

    private static long? Observe(FirstRowIndex rows, string? key, long row) =>
        string.IsNullOrEmpty(key) ? null : rows.FirstOrAdd(Hash(key), row);

    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    /// <summary>FNV-1a over the UTF-16 code units: stable across processes, unlike string.GetHashCode.</summary>
    private static ulong Hash(string value)
    {
        var hash = FnvOffset;
        foreach (var c in value)
        {
            hash = (hash ^ c) * FnvPrime;
        }

        return hash;
    }

    /// <summary>
    /// <see cref="Hash(string)"/> of the string these UTF-8 bytes decode to, read from the bytes: an
    /// ASCII byte is its own code unit; anything else is decoded (invalid bytes as U+FFFD, as the
    /// decoder replaces them) and hashed as its one or two UTF-16 code units.
    /// </summary>
    private static ulong Hash(ReadOnlySpan<byte> utf8)
    {
        var hash = FnvOffset;
        var i = 0;
        while (i < utf8.Length)
        {
            var b = utf8[i];
            if (b < 0x80)
            {
                hash = (hash ^ b) * FnvPrime;
                i++;
                continue;
            }

            Rune.DecodeFromUtf8(utf8[i..], out var rune, out var consumed);
            if (rune.IsBmp)
            {
                hash = (hash ^ (uint)rune.Value) * FnvPrime;
            }
            else
            {
                var high = (uint)((rune.Value - 0x10000) >> 10) + 0xD800u;
                var low = (uint)((rune.Value - 0x10000) & 0x3FF) + 0xDC00u;
                hash = (hash ^ high) * FnvPrime;
                hash = (hash ^ low) * FnvPrime;
            }

            i += consumed;
        }

        return hash;
    }
}
