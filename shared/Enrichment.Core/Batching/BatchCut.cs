namespace Enrichment.Core.Batching;

/// <summary>
/// What <see cref="BatchPlanner"/> would cut from rows of these sizes, shown one row at a time in
/// list order: the records, the batches, their bytes as messages, the oversized, and each batch's first
/// record. A class rather than a loop so the validation pass can show it one half of the list, then
/// the other (issue 13), and cut exactly where one pass over the whole list would.
/// </summary>
internal sealed class BatchCut(BatchBounds bounds)
{
    private BatchBounds _bounds = bounds;

    public long Records { get; private set; }

    /// <summary>Batches closed so far; <see cref="Finish"/> closes the last.</summary>
    public int Batches { get; private set; }

    public long MessageBytes { get; private set; }

    public int Oversized { get; private set; }

    /// <summary>Each batch's first record, in order.</summary>
    public List<RowSize> Starts { get; } = [];

    public void Add(RowSize size)
    {
        var rowBytes = size.JsonBytes;
        Records++;
        var place = _bounds.Place(rowBytes);
        if (place != RowPlace.Open && _bounds.Rows > 0)
        {
            Batches++;
            MessageBytes += _bounds.Bytes;
            _bounds.Close();
        }

        if (place == RowPlace.Alone)
        {
            Starts.Add(size);
            Batches++;
            MessageBytes += rowBytes + 2;
            Oversized++;
            return;
        }

        if (_bounds.Rows == 0)
        {
            Starts.Add(size);
        }

        _bounds.Add(rowBytes);
    }

    /// <summary>Closes the open batch, if it has rows; call once, after the last row.</summary>
    public void Finish()
    {
        if (_bounds.Rows > 0)
        {
            Batches++;
            MessageBytes += _bounds.Bytes;
            _bounds.Close();
        }
    }
}
