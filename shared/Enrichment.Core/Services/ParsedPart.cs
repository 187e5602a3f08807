namespace Enrichment.Core.Services;

/// <summary>
/// One batch's rows parsed into UTF-8 cells (<see cref="Utf8Row"/>), or a failed batch's mark: what
/// <see cref="ParsedParts"/> hands from its parsing thread to the aggregate's writing one. Its rows
/// are reused, part after part, so a job parses into a few blocks' worth of memory.
/// </summary>
internal sealed class ParsedPart
{
    // Rows start small (a part's row is a few hundred bytes) and grow to the longest row they held.
    private const int RowBytes = 1024;

    private Utf8Row[] _rows = [];
    private long[] _rowNumbers = [];
    private int[] _enrichmentCounts = [];

    /// <summary>The batch these rows are of.</summary>
    public int Batch { get; private set; }

    /// <summary>True for a failed batch: no part, its rows are made from the kept input.</summary>
    public bool Failed { get; private set; }

    /// <summary>The rows parsed.</summary>
    public int Count { get; private set; }

    /// <summary>Row <paramref name="index"/>'s cells, its input row number and how many enrichment values its record had.</summary>
    public (Utf8Row Cells, long Row, int EnrichmentCount) this[int index] =>
        (uint)index < (uint)Count ? (_rows[index], _rowNumbers[index], _enrichmentCounts[index]) : throw new ArgumentOutOfRangeException(nameof(index));

    public void MarkFailed(int batch)
    {
        Batch = batch;
        Failed = true;
        Count = 0;
    }

    /// <summary>Parses every line of <paramref name="part"/>: each row's values into cells [0, <paramref name="valueCells"/>), its enrichment after, <paramref name="cells"/> in all.</summary>
    public void Fill(int batch, PartBuffer part, int cells, int valueCells)
    {
        ArgumentNullException.ThrowIfNull(part);
        Batch = batch;
        Failed = false;
        Count = 0;
        while (true)
        {
            if (Count == _rows.Length)
            {
                Grow();
            }

            var row = _rows[Count];
            row.Reset(cells);
            if (!part.ReadInto(row, valueCells, out _rowNumbers[Count], out _enrichmentCounts[Count]))
            {
                return;
            }

            Count++;
        }
    }

    private void Grow()
    {
        var size = Math.Max(16, _rows.Length * 2);
        var rows = new Utf8Row[size];
        _rows.CopyTo(rows, 0);
        for (var i = _rows.Length; i < size; i++)
        {
            rows[i] = new Utf8Row(RowBytes);
        }

        _rows = rows;
        Array.Resize(ref _rowNumbers, size);
        Array.Resize(ref _enrichmentCounts, size);
    }
}
