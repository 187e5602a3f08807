namespace Enrichment.Core.Services;

/// <summary>
/// The first row seen for each 64-bit key: an open-addressing table (linear probing, grown past 70%
/// full) of key and row side by side.
/// </summary>
/// <remarks>
/// Hand-written because it is the aggregate's one per-row lookup in a structure that grows with the
/// job: <c>Dictionary&lt;ulong, long&gt;</c> reads a bucket array and then an entry array, two cache
/// misses per row once the index outgrows the cache, and the no-pipeline baseline spent 6% of its
/// CPU there (issue 13); here key and row share one 16-byte slot, so a lookup is one miss. No
/// library type in reach offers that for value-type keys.
/// </remarks>
internal sealed class FirstRowIndex
{
    private const int InitialBits = 10;

    private Slot[] _slots = new Slot[1 << InitialBits];
    private int _shift = 64 - InitialBits;
    private int _count;

    /// <summary>Key 0 marks an empty slot, so its row (if seen) is kept apart.</summary>
    private long? _zeroKeyRow;

    /// <summary>The row first seen with <paramref name="key"/>, or null (and <paramref name="row"/> is remembered).</summary>
    public long? FirstOrAdd(ulong key, long row)
    {
        if (key == 0)
        {
            if (_zeroKeyRow is { } zero)
            {
                return zero;
            }

            _zeroKeyRow = row;
            return null;
        }

        var mask = _slots.Length - 1;
        for (var i = Home(key); ; i = (i + 1) & mask)
        {
            ref var slot = ref _slots[i];
            if (slot.Key == key)
            {
                return slot.Row;
            }

            if (slot.Key == 0)
            {
                slot = new Slot(key, row);
                if (++_count * 10L > _slots.Length * 7L)
                {
                    Grow();
                }

                return null;
            }
        }
    }

    /// <summary>Fibonacci hashing: the key's high bits after the multiply spread every input bit over the table.</summary>
    private int Home(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> _shift);

    private void Grow()
    {
        var old = _slots;
        _slots = new Slot[old.Length * 2];
        _shift--;
        var mask = _slots.Length - 1;
        foreach (var slot in old)
        {
            if (slot.Key == 0)
            {
                continue;
            }

            var i = Home(slot.Key);
            while (_slots[i].Key != 0)
            {
                i = (i + 1) & mask;
            }

            _slots[i] = slot;
        }
    }

    private readonly record struct Slot(ulong Key, long Row);
}
