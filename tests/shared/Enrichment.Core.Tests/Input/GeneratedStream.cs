using System.Text;

namespace Enrichment.Core.Tests.Input;

/// <summary>
/// A non-seekable stream that makes its text on the fly, one line at a time, so a test can read a
/// list far bigger than anything it keeps: the whole text never exists anywhere.
/// </summary>
internal sealed class GeneratedStream(string? header, long lines, Func<long, string> line) : Stream
{
    private byte[] _pending = header is null ? [] : Encoding.UTF8.GetBytes(header + "\n");
    private int _pendingOffset;
    private long _next = 1;

    public long BytesProduced { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length)
        {
            if (_pendingOffset == _pending.Length)
            {
                if (_next > lines)
                {
                    break;
                }

                _pending = Encoding.UTF8.GetBytes(line(_next++) + "\n");
                _pendingOffset = 0;
            }

            var take = Math.Min(buffer.Length - written, _pending.Length - _pendingOffset);
            _pending.AsSpan(_pendingOffset, take).CopyTo(buffer[written..]);
            _pendingOffset += take;
            written += take;
        }

        BytesProduced += written;
        return written;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
