using Microsoft.Win32.SafeHandles;

namespace Enrichment.Local.Objects;

/// <summary>
/// A read-only, seekable view of a range of a file, read at explicit offsets on a handle it shares
/// (positional reads need no handle of their own); <paramref name="release"/> is called once, when
/// the stream is disposed, so the handle's owner knows when no stream reads it any more.
/// </summary>
internal sealed class FileRangeStream(SafeFileHandle handle, long start, long length, Action release) : Stream
{
    private long _position;
    private int _released;

    public override bool CanRead => !handle.IsClosed;

    public override bool CanSeek => !handle.IsClosed;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _position = value;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(handle.IsClosed, this);
        var left = length - _position;
        if (left <= 0 || buffer.IsEmpty)
        {
            return 0;
        }

        var wanted = (int)Math.Min(buffer.Length, left);
        var read = RandomAccess.Read(handle, buffer[..wanted], start + _position);
        if (read == 0)
        {
            throw new EndOfStreamException("an object of the store is shorter than its index says");
        }

        _position += read;
        return read;
    }

    /// <summary>Answered at once: on Linux an asynchronous file read is a synchronous one on another thread.</summary>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _released, 1) == 0)
        {
            release();
        }

        base.Dispose(disposing);
    }
}
