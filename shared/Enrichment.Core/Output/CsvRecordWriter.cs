using System.Buffers;
using System.Text.Unicode;

namespace Enrichment.Core.Output;

/// <summary>
/// RFC 4180 CSV: comma-separated, CRLF line ends (the RFC's, and what spreadsheet programs expect),
/// UTF-8 without a byte order mark. A field is quoted only when it contains a comma, a double
/// quote, CR or LF; quotes inside are doubled. Null and empty both write an empty field. Invalid
/// UTF-16 (a lone surrogate) is written as U+FFFD. Kept instead of Sep's writer (issue 13): Sep ends
/// lines with LF only and took 35% more instructions (tools/Enrichment.CsvBench; README "Benchmark").
/// </summary>
public sealed class CsvRecordWriter : StreamRecordWriter, IUtf8RecordWriter
{
    private const int DefaultBufferSize = 64 * 1024;

    private static readonly SearchValues<char> NeedsQuoting = SearchValues.Create(",\"\r\n");

    private static readonly SearchValues<byte> NeedsQuotingUtf8 = SearchValues.Create(",\"\r\n"u8);

    private byte[] _buffer;
    private byte[]? _spare;
    private byte[]? _written;
    private Task? _writing;
    private int _position;
    private int _columnCount = -1;

    public CsvRecordWriter(Stream stream, bool leaveOpen = false, int bufferSize = DefaultBufferSize)
        : base(stream, leaveOpen)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 1024);
        _buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
    }

    public override ValueTask WriteHeaderAsync(IReadOnlyList<string> columns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(columns);
        _columnCount = columns.Count;
        return WriteLineAsync(columns, columns.Count, cancellationToken);
    }

    public override ValueTask WriteRowAsync(IReadOnlyList<string?> values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (_columnCount >= 0 && values.Count > _columnCount)
        {
            throw new ArgumentException($"The row has {values.Count} values for {_columnCount} columns.", nameof(values));
        }

        return WriteLineAsync(values, Math.Max(_columnCount, values.Count), cancellationToken);
    }

    /// <summary>
    /// The row from UTF-8 cells: the same bytes as the strings' row (the quoting rule reads only ASCII,
    /// which UTF-8 and UTF-16 encode alike); the cells must be valid UTF-8.
    /// </summary>
    public ValueTask WriteRowAsync(Utf8Row row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (_columnCount >= 0 && row.Count > _columnCount)
        {
            throw new ArgumentException($"The row has {row.Count} values for {_columnCount} columns.", nameof(row));
        }

        // Every cell's bytes are in the row's bytes, so twice those (all quotes doubled) and three per
        // cell bound the line, with no pass over the cells to size it.
        var count = Math.Max(_columnCount, row.Count);
        var worst = 2 + (row.ByteCount * 2) + (count * 3);
        if (_buffer.Length - _position < worst)
        {
            return WriteCellsSlowAsync(row, count, worst, cancellationToken);
        }

        // Encoded outside any async method: a loop over every cell of every row runs on locals, not on
        // a state machine's fields (issue 13).
        Encode(row, count);
        return DrainIfHalfFullAsync(cancellationToken);
    }

    protected override bool HasPending => _position > 0 || _writing is not null;

    protected override async ValueTask WritePendingAsync(CancellationToken cancellationToken)
    {
        await DrainAsync(cancellationToken);
        await WrittenAsync();
    }

    protected override async ValueTask ReleaseAsync()
    {
        // A write still in flight (its writer failed or was abandoned) owns its buffer until it ends.
        try
        {
            await WrittenAsync();
        }
        catch (Exception)
        {
            // Its failure was the caller's to see, at the write or flush that met it.
        }

        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        if (_spare is not null)
        {
            ArrayPool<byte>.Shared.Return(_spare);
            _spare = null;
        }
    }

    private async ValueTask WriteCellsSlowAsync(Utf8Row row, int count, int worst, CancellationToken cancellationToken)
    {
        await MakeRoomAsync(worst, cancellationToken);
        Encode(row, count);
        await DrainIfHalfFullAsync(cancellationToken);
    }

    private void Encode(Utf8Row row, int count)
    {
        // Most rows need no quotes at all: one search over all the row's bytes saves one per cell.
        var quoting = row.Bytes.ContainsAny(NeedsQuotingUtf8);
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                _buffer[_position++] = (byte)',';
            }

            var field = i < row.Count ? row[i] : default;
            if (quoting && field.ContainsAny(NeedsQuotingUtf8))
            {
                WriteQuoted(field);
            }
            else
            {
                field.CopyTo(_buffer.AsSpan(_position));
                _position += field.Length;
            }
        }

        _buffer[_position++] = (byte)'\r';
        _buffer[_position++] = (byte)'\n';
    }

    private ValueTask WriteLineAsync(IReadOnlyList<string?> values, int count, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);

        // UTF-8 needs at most 3 bytes per UTF-16 char, a doubled quote 2: 3 per char bounds a field.
        var worst = 2;
        for (var i = 0; i < count; i++)
        {
            worst += ((i < values.Count ? values[i]?.Length ?? 0 : 0) * 3) + 3;
        }

        if (_buffer.Length - _position < worst)
        {
            return WriteLineSlowAsync(values, count, worst, cancellationToken);
        }

        Encode(values, count);
        return DrainIfHalfFullAsync(cancellationToken);
    }

    private async ValueTask WriteLineSlowAsync(IReadOnlyList<string?> values, int count, int worst, CancellationToken cancellationToken)
    {
        await MakeRoomAsync(worst, cancellationToken);
        Encode(values, count);
        await DrainIfHalfFullAsync(cancellationToken);
    }

    /// <summary>Drains the buffer, then grows it for a row bigger than it (the buffer stays bounded by the largest row).</summary>
    private async Task MakeRoomAsync(int worst, CancellationToken cancellationToken)
    {
        await DrainAsync(cancellationToken);
        if (_buffer.Length < worst)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(worst);
        }
    }

    private ValueTask DrainIfHalfFullAsync(CancellationToken cancellationToken) =>
        _position >= _buffer.Length / 2 ? new ValueTask(DrainAsync(cancellationToken)) : ValueTask.CompletedTask;

    private void Encode(IReadOnlyList<string?> values, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                _buffer[_position++] = (byte)',';
            }

            var field = (i < values.Count ? values[i] : null).AsSpan();
            if (field.ContainsAny(NeedsQuoting))
            {
                WriteQuoted(field);
            }
            else
            {
                WriteUtf8(field);
            }
        }

        _buffer[_position++] = (byte)'\r';
        _buffer[_position++] = (byte)'\n';
    }

    private void WriteQuoted(ReadOnlySpan<char> field)
    {
        _buffer[_position++] = (byte)'"';
        while (true)
        {
            var quote = field.IndexOf('"');
            if (quote < 0)
            {
                WriteUtf8(field);
                break;
            }

            WriteUtf8(field[..(quote + 1)]);
            _buffer[_position++] = (byte)'"';
            field = field[(quote + 1)..];
        }

        _buffer[_position++] = (byte)'"';
    }

    private void WriteQuoted(ReadOnlySpan<byte> field)
    {
        _buffer[_position++] = (byte)'"';
        while (true)
        {
            var quote = field.IndexOf((byte)'"');
            var upTo = quote < 0 ? field : field[..(quote + 1)];
            upTo.CopyTo(_buffer.AsSpan(_position));
            _position += upTo.Length;
            if (quote < 0)
            {
                break;
            }

            _buffer[_position++] = (byte)'"';
            field = field[(quote + 1)..];
        }

        _buffer[_position++] = (byte)'"';
    }

    private void WriteUtf8(ReadOnlySpan<char> text)
    {
        Utf8.FromUtf16(text, _buffer.AsSpan(_position), out _, out var written, replaceInvalidSequences: true);
        _position += written;
    }

    /// <summary>
    /// Hands the buffer to the stream and goes on in the spare one, without waiting for the write:
    /// a file's write is a system call on a pool thread, an S3 upload's a part sent, and the rows
    /// after it are encoded meanwhile (issue 13: the aggregate waited for every one). One write at a
    /// time, in order; a failed write fails the next drain or the flush.
    /// </summary>
    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        if (_position == 0)
        {
            return;
        }

        await WrittenAsync();
        var full = _buffer;
        var length = _position;
        _buffer = _spare ?? ArrayPool<byte>.Shared.Rent(full.Length);
        _spare = null;
        _position = 0;
        _writing = Stream.WriteAsync(full.AsMemory(0, length), cancellationToken).AsTask();
        _written = full;
    }

    /// <summary>Waits for the write in flight, if any; its buffer becomes the spare.</summary>
    private async Task WrittenAsync()
    {
        if (_writing is not { } writing)
        {
            return;
        }

        try
        {
            await writing;
        }
        finally
        {
            _writing = null;
            if (_spare is null)
            {
                _spare = _written;
            }
            else
            {
                ArrayPool<byte>.Shared.Return(_written!);
            }

            _written = null;
        }
    }
}
