using System.Text.Unicode;

namespace Enrichment.Core.Batching;

/// <summary>
/// A part (see <see cref="PartFile"/>) read whole into a pooled buffer, its records (in either format)
/// parsed one at a time, either as <see cref="PartRecord"/>s or straight into a caller's row
/// (<see cref="ReadInto(Span{string?}, Span{string?}, out long, out int)"/>, or UTF-8 cells).
/// </summary>
/// <remarks>
/// Issue 13: the aggregate held up to its read-ahead of parts as records, every value a string, while
/// it wrote the earlier ones; those strings outlived a young collection and were promoted. Held as
/// bytes, a part's values are made only when its row is written, into the output row itself.
/// </remarks>
public sealed class PartBuffer : IDisposable
{
    private const int ReadChunk = 64 * 1024;

    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    private readonly PooledBufferWriter _buffer;
    private readonly string _what;

    /// <summary>The whole part is valid UTF-8 (one check here instead of one per value read into cells).</summary>
    private readonly bool _validUtf8;
    /// <summary>For a part in the second format, where its records end (its end follows) and how many it says it has; -1 for a JSON part.</summary>
    private readonly int _end = -1;
    private readonly long _count;
    private long _read;
    private int _position;

    private PartBuffer(PooledBufferWriter buffer, string what)
    {
        _buffer = buffer;
        _what = what;
        var bytes = buffer.WrittenMemory.Span;
        _position = bytes.StartsWith(Utf8Bom) ? Utf8Bom.Length : 0;
        _validUtf8 = Utf8.IsValid(bytes);
        if (bytes.StartsWith(PartFields.Header))
        {
            // The format's own bytes are ASCII and its values UTF-8: a part that is not valid UTF-8 is damaged.
            if (!_validUtf8 || !PartRecordReader.TryEnd(bytes, out _end, out _count))
            {
                throw new InvalidDataException($"{what} is not a whole part");
            }

            _position = PartFields.Header.Length;
        }
    }

    /// <summary>The part at <paramref name="key"/>; a missing part is <see cref="InvalidDataException"/> naming <paramref name="what"/> ("part of batch 3 of job j").</summary>
    /// <remarks>
    /// Read in chunks of at least 64 KiB, and a stream that knows its length (a local file) in one read
    /// of all of it with no read at the end: a buffered file stream given a smaller read first fills a
    /// buffer of its own (the local store's is 64 KiB), a fresh one per part read.
    /// </remarks>
    public static async Task<PartBuffer> ReadAsync(IObjectStore store, string key, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        PooledBufferWriter? buffer = null;
        try
        {
            await using var stream = await store.OpenReadAsync(key, cancellationToken)
                ?? throw new InvalidDataException($"{what} is missing");
            var length = stream.CanSeek ? stream.Length - stream.Position : -1;
            buffer = new PooledBufferWriter(length < 0 ? ReadChunk * 2 : (int)Math.Min(Math.Max(length, ReadChunk), Array.MaxLength));
            int read;
            while ((length < 0 || buffer.WrittenMemory.Length < length)
                && (read = await stream.ReadAsync(buffer.GetMemory(ReadChunk), cancellationToken)) > 0)
            {
                buffer.Advance(read);
            }

            var part = new PartBuffer(buffer, what);
            buffer = null;
            return part;
        }
        finally
        {
            buffer?.Dispose();
        }
    }

    /// <summary>The next record, or null past the last line.</summary>
    public PartRecord? Next()
    {
        if (_end >= 0)
        {
            PartRecord? record = null;
            return NextBinary() && Checked(PartRecordReader.TryRead(Records, ref _position, out record)) ? record : null;
        }

        if (NextLine() is not { } line)
        {
            return null;
        }

        return JsonSerializer.Deserialize(_buffer.WrittenMemory.Span.Slice(line.Start, line.Length), EnrichmentJsonContext.Default.PartRecord)
            ?? throw new InvalidDataException($"{_what} has an empty record");
    }

    /// <summary>
    /// Reads the next record's values into <paramref name="values"/> and its enrichment values into
    /// <paramref name="enrichment"/> (values past either span are read and dropped; the caller clears the
    /// spans), as <see cref="Next"/> would read them; false past the last line.
    /// </summary>
    /// <param name="enrichmentCount">How many enrichment values the record has (a part written before a column existed has fewer).</param>
    public bool ReadInto(Span<string?> values, Span<string?> enrichment, out long row, out int enrichmentCount)
    {
        if (_end >= 0)
        {
            row = 0;
            enrichmentCount = 0;
            return NextBinary() && Checked(PartRecordReader.TryReadInto(Records, ref _position, values, enrichment, out row, out enrichmentCount));
        }

        var arrays = new RowArrays.IntoSpans(values, enrichment);
        return ReadInto(ref arrays, out row, out enrichmentCount);
    }

    /// <summary>
    /// <see cref="ReadInto(Span{string?}, Span{string?}, out long, out int)"/> into UTF-8 cells: the values
    /// into cells [0, <paramref name="valueCells"/>), the enrichment values into the cells after (the
    /// caller resets the row); false past the last line.
    /// </summary>
    public bool ReadInto(Utf8Row cells, int valueCells, out long row, out int enrichmentCount)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (_end >= 0)
        {
            row = 0;
            enrichmentCount = 0;
            return NextBinary() && Checked(PartRecordReader.TryReadInto(Records, ref _position, cells, valueCells, out row, out enrichmentCount));
        }

        if (_validUtf8)
        {
            // The writer's own plain lines are read without the JSON reader; any other line by it, from its start.
            var start = _position;
            if (NextLine() is not { } line)
            {
                row = 0;
                enrichmentCount = 0;
                return false;
            }

            if (PartLine.TryRead(_buffer.WrittenMemory.Span.Slice(line.Start, line.Length), cells, valueCells, out row, out enrichmentCount))
            {
                return true;
            }

            _position = start;
            cells.Reset(cells.Count);
        }

        var arrays = new RowArrays.IntoCells(cells, valueCells, _validUtf8);
        return ReadInto(ref arrays, out row, out enrichmentCount);
    }

    public void Dispose() => _buffer.Dispose();

    /// <summary>The second format's records, up to its end.</summary>
    private ReadOnlySpan<byte> Records => _buffer.WrittenMemory.Span[.._end];

    /// <summary>True when a record of a part in the second format is next; false past the last, which must be as many as its end says.</summary>
    private bool NextBinary()
    {
        if (_position < _end)
        {
            _read++;
            return true;
        }

        return _read == _count ? false : throw new InvalidDataException($"{_what} does not have the records its end counts");
    }

    private bool Checked(bool read)
    {
        if (!read)
        {
            throw new InvalidDataException($"{_what} has a damaged record");
        }

        return true;
    }

    private bool ReadInto<TArrays>(ref TArrays arrays, out long row, out int enrichmentCount)
        where TArrays : IRowArrays, allows ref struct
    {
        if (NextLine() is not { } line)
        {
            row = 0;
            enrichmentCount = 0;
            return false;
        }

        var reader = new Utf8JsonReader(_buffer.WrittenMemory.Span.Slice(line.Start, line.Length));
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            throw new InvalidDataException($"{_what} has an empty record");
        }

        (row, var valueCount, enrichmentCount) = RowJson.ReadRecord(ref reader, ref arrays);
        if (valueCount < 0 || enrichmentCount < 0)
        {
            // The record type's arrays are not nullable; a record without them is not a part's.
            throw new InvalidDataException($"{_what} has a record without its values");
        }

        // One value per line, as the serializer demands: the reader throws on anything after it.
        reader.Read();
        return true;
    }

    /// <summary>The next non-empty line (without its CR), or null at the end.</summary>
    private (int Start, int Length)? NextLine()
    {
        var bytes = _buffer.WrittenMemory.Span;
        while (_position < bytes.Length)
        {
            var start = _position;
            var end = bytes[start..].IndexOf((byte)'\n');
            var length = end < 0 ? bytes.Length - start : end;
            _position = end < 0 ? bytes.Length : start + end + 1;
            if (length > 0 && bytes[start + length - 1] == (byte)'\r')
            {
                length--;
            }

            if (length > 0)
            {
                return (start, length);
            }
        }

        return null;
    }
}
