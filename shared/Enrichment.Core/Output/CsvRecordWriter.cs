using System.Buffers;

namespace Enrichment.Core.Output;

/// <summary>
/// RFC 4180 CSV: comma-separated, CRLF line ends (the RFC's, and what spreadsheet programs expect),
/// UTF-8 without a byte order mark. A field is quoted only when it contains a comma, a double
/// quote, CR or LF; quotes inside are doubled. Null and empty both write an empty field. Invalid
/// UTF-16 (a lone surrogate) is written as U+FFFD. Kept instead of Sep's writer (issue 13): Sep ends
/// lines with LF only and took 35% more instructions (tools/Enrichment.CsvBench; README "Benchmark").
/// The rule itself is <see cref="CsvEncoding"/>'s, which the aggregate also encodes rows with.
/// </summary>
public sealed class CsvRecordWriter : StreamRecordWriter, IUtf8RecordWriter
{
    private const int DefaultBufferSize = 64 * 1024;

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

        var count = Math.Max(_columnCount, row.Count);
        var worst = CsvEncoding.MaxLineBytes(row, count);
        if (_buffer.Length - _position < worst)
        {
            return WriteCellsSlowAsync(row, count, worst, cancellationToken);
        }

        // Encoded outside any async method: a loop over every cell of every row runs on locals, not on
        // a state machine's fields (issue 13).
        Encode(row, count);
        return DrainIfHalfFullAsync(cancellationToken);
    }

    /// <summary>
    /// Lines already encoded by <see cref="CsvEncoding"/> (whole lines, or the pieces of lines between
    /// which the caller writes others): copied as they are, in order with the rows written otherwise.
    /// </summary>
    /// <remarks>
    /// The aggregate's parsing thread encodes its rows ahead of the writing one (issue 13), which then
    /// only copies them, many rows at a time; the bytes need not fit the buffer.
    /// </remarks>
    internal ValueTask WriteEncodedAsync(ReadOnlyMemory<byte> encoded, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (encoded.Length > _buffer.Length - _position)
        {
            return WriteEncodedSlowAsync(encoded, cancellationToken);
        }

        encoded.Span.CopyTo(_buffer.AsSpan(_position));
        _position += encoded.Length;
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

    private async ValueTask WriteEncodedSlowAsync(ReadOnlyMemory<byte> encoded, CancellationToken cancellationToken)
    {
        // A drain leaves at least half the buffer free: the bytes go in a buffer's worth at a time.
        while (!encoded.IsEmpty)
        {
            var length = Math.Min(encoded.Length, _buffer.Length - _position);
            encoded.Span[..length].CopyTo(_buffer.AsSpan(_position));
            _position += length;
            encoded = encoded[length..];
            if (!encoded.IsEmpty)
            {
                await DrainAsync(cancellationToken);
            }
        }

        await DrainIfHalfFullAsync(cancellationToken);
    }

    private void Encode(Utf8Row row, int count)
    {
        var line = _buffer.AsSpan(_position);
        var written = CsvEncoding.WriteCells(row, 0, count, CsvEncoding.MayNeedQuotes(row), line);
        _position += written + CsvEncoding.WriteLineEnd(line[written..]);
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

    private void Encode(IReadOnlyList<string?> values, int count) =>
        _position += CsvEncoding.WriteLine(values, count, _buffer.AsSpan(_position));

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
