namespace Enrichment.Core.Services;

/// <summary>
/// One batch's rows parsed into UTF-8 cells (<see cref="Utf8Row"/>), or encoded as CSV lines
/// (<see cref="FillEncoded"/>), or a failed batch's mark: what <see cref="ParsedParts"/> hands from its
/// parsing thread to the aggregate's writing one. Its rows are reused, part after part, so a job parses
/// into a few blocks' worth of memory.
/// </summary>
internal sealed class ParsedPart
{
    // Rows start small (a part's row is a few hundred bytes) and grow to the longest row they held.
    private const int RowBytes = 1024;

    private Utf8Row[] _rows = [];
    private long[] _rowNumbers = [];
    private int[] _enrichmentCounts = [];

    private Utf8Row? _scratch;
    private byte[] _lines = [];
    private int _linesLength;
    private EncodedCsvLine[] _encoded = [];
    private byte[] _reasons = [];
    private int _reasonsLength;

    /// <summary>The batch these rows are of.</summary>
    public int Batch { get; private set; }

    /// <summary>True for a failed batch: no part, its rows are made from the kept input.</summary>
    public bool Failed { get; private set; }

    /// <summary>The rows parsed.</summary>
    public int Count { get; private set; }

    /// <summary>Row <paramref name="index"/>'s cells, its input row number and how many enrichment values its record had.</summary>
    public (Utf8Row Cells, long Row, int EnrichmentCount) this[int index] =>
        (uint)index < (uint)Count ? (_rows[index], _rowNumbers[index], _enrichmentCounts[index]) : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>The rows' CSV lines, side by side, after <see cref="FillEncoded"/>.</summary>
    public ReadOnlyMemory<byte> Lines => _lines.AsMemory(0, _linesLength);

    /// <summary>Row <paramref name="index"/>'s line, after <see cref="FillEncoded"/>.</summary>
    public EncodedCsvLine Line(int index) =>
        (uint)index < (uint)Count ? _encoded[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>The bytes of a line's reasons (empty for none).</summary>
    public ReadOnlySpan<byte> ReasonsOf(in EncodedCsvLine line) => _reasons.AsSpan(line.Reasons.Start, line.Reasons.Length);

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

    /// <summary>
    /// Parses every line of <paramref name="part"/> as <see cref="Fill"/> does, then, row by row, reads
    /// what <paramref name="rules"/> need of it (<see cref="OutputRowRules.Read"/>), guards it and encodes
    /// it as CSV (<see cref="CsvEncoding"/>, the bytes <see cref="CsvRecordWriter"/> writes for it), with
    /// its duplicate cells' bytes marked: all the writing thread has left to do is the rules' lookups in
    /// input order and the copying (issue 13: on the 1,000,000-row job the writing thread, the aggregate's
    /// critical path, spent ~1,500 of its ~2,800 samples on the guard and the encoding; the parsing one had slack).
    /// </summary>
    /// <remarks>Only the rules' row-only halves run here (Read, Guard, DuplicateCells): they read no state of the job's.</remarks>
    public void FillEncoded(int batch, PartBuffer part, int cells, int valueCells, OutputRowRules rules)
    {
        ArgumentNullException.ThrowIfNull(part);
        ArgumentNullException.ThrowIfNull(rules);
        Batch = batch;
        Failed = false;
        Count = 0;
        _linesLength = 0;
        _reasonsLength = 0;
        var row = _scratch ??= new Utf8Row(RowBytes);
        while (true)
        {
            row.Reset(cells);
            if (!part.ReadInto(row, valueCells, out var number, out var enrichmentCount))
            {
                return;
            }

            if (Count == _encoded.Length)
            {
                Array.Resize(ref _encoded, Math.Max(16, _encoded.Length * 2));
            }

            var facts = rules.Read(row, enrichmentCount);
            var reasons = (_reasonsLength, 0);
            if (facts.ErrorsCell >= 0)
            {
                reasons = (_reasonsLength, Append(ref _reasons, ref _reasonsLength, row[facts.ErrorsCell]));
            }

            rules.Guard(row, enrichmentCount);
            var (duplicateOf, duplicatePhoneOf) = rules.DuplicateCells(enrichmentCount);
            var room = CsvEncoding.MaxLineBytes(row, cells);
            if (_lines.Length - _linesLength < room)
            {
                Array.Resize(ref _lines, Math.Max(_lines.Length * 2, _linesLength + room));
            }

            // The cells in order, each duplicate cell on its own to mark its bytes (their order is the chain's).
            var line = _lines.AsSpan(_linesLength);
            var quoting = CsvEncoding.MayNeedQuotes(row);
            var at = 0;
            var written = 0;
            (int Start, int End) duplicate = (-1, -1);
            (int Start, int End) duplicatePhone = (-1, -1);
            var phoneFirst = duplicatePhoneOf < duplicateOf;
            for (var k = 0; k < 2; k++)
            {
                var isPhone = (k == 0) == phoneFirst;
                var cell = isPhone ? duplicatePhoneOf : duplicateOf;
                if (cell < 0)
                {
                    continue;
                }

                written += CsvEncoding.WriteCells(row, at, cell, quoting, line[written..]);
                var before = written + (cell > 0 ? 1 : 0);
                written += CsvEncoding.WriteCells(row, cell, cell + 1, quoting, line[written..]);
                var range = (_linesLength + before, _linesLength + written);
                if (isPhone)
                {
                    duplicatePhone = range;
                }
                else
                {
                    duplicate = range;
                }

                at = cell + 1;
            }

            written += CsvEncoding.WriteCells(row, at, cells, quoting, line[written..]);
            written += CsvEncoding.WriteLineEnd(line[written..]);
            _linesLength += written;
            _encoded[Count] = new EncodedCsvLine(number, facts, _linesLength, duplicate, duplicatePhone, reasons);
            Count++;
        }
    }

    private static int Append(ref byte[] buffer, ref int length, ReadOnlySpan<byte> bytes)
    {
        if (buffer.Length - length < bytes.Length)
        {
            Array.Resize(ref buffer, Math.Max(Math.Max(buffer.Length * 2, 256), length + bytes.Length));
        }

        bytes.CopyTo(buffer.AsSpan(length));
        length += bytes.Length;
        return bytes.Length;
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
