using System.Buffers;

namespace Enrichment.Core.Input;

/// <summary>
/// A pooled, refillable window over a byte stream for the JSON readers. It tracks the line and
/// column of its first unconsumed byte so errors found later can be placed in the file.
/// </summary>
internal sealed class ByteWindow : IDisposable
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    private readonly Stream _stream;
    private readonly int _maxRecordLength;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _bomChecked;

    public ByteWindow(Stream stream, ContactReaderOptions options)
    {
        _stream = stream;
        _maxRecordLength = Math.Max(16, options.MaxRecordLength);
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Clamp(options.BufferSize, 16, _maxRecordLength));
    }

    public bool Eof { get; private set; }

    /// <summary>1-based line of the first unconsumed byte.</summary>
    public long Line { get; private set; } = 1;

    /// <summary>0-based byte column of the first unconsumed byte.</summary>
    public long Column0 { get; private set; }

    public ReadOnlySpan<byte> Data => _buffer.AsSpan(_start, _end - _start);

    /// <summary>Marks <paramref name="count"/> bytes from the start of <see cref="Data"/> as consumed.</summary>
    public void Advance(int count)
    {
        var consumed = Data[..count];
        var lastBreak = consumed.LastIndexOf((byte)'\n');
        if (lastBreak >= 0)
        {
            Line += consumed.Count((byte)'\n');
            Column0 = count - lastBreak - 1;
        }
        else
        {
            Column0 += count;
        }

        _start += count;
    }

    /// <summary>1-based line and column of the byte at <paramref name="offset"/> in <see cref="Data"/>.</summary>
    public (long Line, long Column) PositionOf(long offset)
    {
        var before = Data[..(int)Math.Min(offset, Data.Length)];
        var lastBreak = before.LastIndexOf((byte)'\n');
        return lastBreak < 0
            ? (Line, Column0 + before.Length + 1)
            : (Line + before.Count((byte)'\n'), before.Length - lastBreak);
    }

    public async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (Eof)
        {
            throw new InvalidOperationException("The reader asked for more input after its end.");
        }

        if (!PooledWindow.TryMakeRoom(ref _buffer, ref _start, ref _end, _maxRecordLength))
        {
            throw new InputFormatException(
                $"the record that starts here is longer than the limit of {_maxRecordLength} bytes",
                Line,
                Column0 + 1);
        }

        (_end, var eof) = await PooledWindow.FillAsync(_buffer, _end, _stream.ReadAsync, cancellationToken);
        Eof = eof;

        if (!_bomChecked)
        {
            _bomChecked = true;
            if (Data.StartsWith(Utf8Bom))
            {
                _start += Utf8Bom.Length;
            }
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
