namespace Enrichment.Core.Services;

/// <summary>
/// The worker's contact records, kept between batches: a record with its output slots and input
/// fields is about 390 bytes, made for every row and alive for the whole batch (issue 13: 18% of a
/// 1,000,000-row job's allocations, and much of what outlived young collections).
/// </summary>
/// <remarks>
/// A list is taken for one batch and given back cleared once the batch's part is written; a batch
/// that fails does not give its list back, so a provider still holding a record can never touch
/// another batch's. A lock rather than a concurrent collection: two workers take a list a batch.
/// Public for the benchmark's baseline (`bench`), whose floor must make its records the same way.
/// </remarks>
/// <param name="keptLists">Lists kept at most: one per batch in flight and some spare.</param>
public sealed class RecordPool(int keptLists = 4)
{
    private readonly Stack<List<ContactRecord>> _kept = new(keptLists);
    private readonly Lock _lock = new();

    /// <summary>Makes a rented record row <paramref name="row"/> with the contact fields <paramref name="map"/> reads from <paramref name="values"/>.</summary>
    public static void Assign(ContactRecord record, long row, ColumnMap map, string?[] values)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(map);
        record.Reuse(row);
        map.MapInto(values, record.Input);
    }

    /// <summary><paramref name="count"/> cleared records (row 0, empty input and output).</summary>
    public List<ContactRecord> Rent(int count)
    {
        List<ContactRecord>? records;
        lock (_lock)
        {
            _kept.TryPop(out records);
        }

        records ??= new List<ContactRecord>(count);
        if (records.Count > count)
        {
            records.RemoveRange(count, records.Count - count);
        }

        while (records.Count < count)
        {
            records.Add(new ContactRecord(0, new ContactFields()));
        }

        return records;
    }

    /// <summary>Clears the records and keeps the list for another batch; none may be used after this.</summary>
    public void Return(List<ContactRecord> records)
    {
        foreach (var record in records)
        {
            record.Clear();
        }

        lock (_lock)
        {
            if (_kept.Count < keptLists)
            {
                _kept.Push(records);
            }
        }
    }
}
