namespace Enrichment.Core.Batching;

/// <summary>
/// The planner's cut rule by sizes alone: at most <c>batchSize</c> rows and at most
/// <c>maxBatchBytes</c> bytes of serialized rows (<c>[</c>, the rows, their commas, <c>]</c>) a batch,
/// and a row too big even alone goes alone, flagged oversized. Kept apart from the rows so the split's
/// validation pass counts batches from row sizes with no row held (issue 13), by the same rule.
/// </summary>
internal struct BatchBounds
{
    private readonly int _batchSize;
    private readonly int _maxBatchBytes;

    public BatchBounds(int batchSize, int maxBatchBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchBytes, 16);
        _batchSize = batchSize;
        _maxBatchBytes = maxBatchBytes;
        Bytes = 2;
    }

    /// <summary>Rows in the open batch.</summary>
    public int Rows { get; private set; }

    /// <summary>The open batch's rows serialized as a JSON array, in bytes.</summary>
    public long Bytes { get; private set; }

    /// <summary>Where a row of <paramref name="rowBytes"/> goes; the caller closes the open batch when told, then adds the row.</summary>
    public readonly RowPlace Place(long rowBytes)
    {
        // "[" + row + "]": a record that cannot fit even alone goes out alone.
        if (rowBytes + 2 > _maxBatchBytes)
        {
            return RowPlace.Alone;
        }

        return Rows == _batchSize || Grown(rowBytes) > _maxBatchBytes ? RowPlace.Next : RowPlace.Open;
    }

    /// <summary>Adds a row to the open batch (one that fits: not <see cref="RowPlace.Alone"/>).</summary>
    public void Add(long rowBytes)
    {
        Bytes = Grown(rowBytes);
        Rows++;
    }

    /// <summary>Starts a new, empty open batch.</summary>
    public void Close()
    {
        Rows = 0;
        Bytes = 2;
    }

    private readonly long Grown(long rowBytes) => Bytes + rowBytes + (Rows > 0 ? 1 : 0);
}

/// <summary>Where <see cref="BatchBounds.Place"/> puts a row.</summary>
internal enum RowPlace
{
    /// <summary>In the open batch.</summary>
    Open,

    /// <summary>The open batch is full: it closes, and the row starts the next.</summary>
    Next,

    /// <summary>Too big for any batch: the open batch (if it has rows) closes, and the row goes alone, oversized.</summary>
    Alone,
}
