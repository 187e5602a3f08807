namespace Enrichment.Core.Input;

/// <summary>
/// A stretch of a stored object read as a stream, a chunk at a time through
/// <see cref="IObjectStore.ReadRangeAsync"/>, the next chunk read while the caller works through this
/// one: on S3 each chunk is a ranged GET, whose round trip the reading ahead hides. The stretch must
/// be there whole: an object that ends before it does is an <see cref="IOException"/>, never a short list.
/// </summary>
/// <remarks>
/// The port opens a whole object as a stream, or reads a range into memory; this is the one place that
/// reads a part of an object as a stream (the validation pass's two halves, issue 13).
/// </remarks>
internal sealed class StoredRangeStream : ForwardReadStream
{
    /// <summary>
    /// A chunk: about as long to parse as an S3 round trip takes, so the read ahead keeps up; small
    /// enough that the two streams' four buffers stay off a 1M-row job's peak (4 MB chunks raised it by 13 to 19 MB).
    /// </summary>
    public const int DefaultChunk = 1024 * 1024;

    private readonly IObjectStore _store;
    private readonly string _key;
    private readonly long _end;
    private readonly int _chunk;
    private readonly CancellationTokenSource _stop = new();
    private byte[] _current;
    private byte[] _ahead;
    private Task<int>? _reading;
    private long _next;
    private int _position;
    private int _filled;

    public StoredRangeStream(IObjectStore store, string key, long offset, long length, int chunk = DefaultChunk)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunk);
        _store = store;
        _key = key;
        _next = offset;
        _end = offset + length;
        _chunk = (int)Math.Min(chunk, Math.Max(1, length));
        _current = new byte[_chunk];
        _ahead = new byte[_chunk];
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position == _filled)
        {
            _reading ??= ReadChunkAsync(_ahead);
            _filled = await _reading.WaitAsync(cancellationToken);
            (_current, _ahead) = (_ahead, _current);
            _position = 0;
            _reading = _next < _end ? ReadChunkAsync(_ahead) : null;
            if (_filled == 0)
            {
                return 0;
            }
        }

        var count = Math.Min(buffer.Length, _filled - _position);
        _current.AsMemory(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // The readers here read asynchronously; a synchronous read waits on the same path.
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // A read still in flight is stopped and observed, so none fails unseen.
            _stop.Cancel();
            try
            {
                _reading?.GetAwaiter().GetResult();
            }
            catch (Exception)
            {
                // The caller is leaving with its own outcome.
            }

            _stop.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task<int> ReadChunkAsync(byte[] into)
    {
        var offset = _next;
        var length = (int)Math.Min(_chunk, _end - offset);
        if (length == 0)
        {
            return 0;
        }

        _next += length;
        var read = await _store.ReadRangeAsync(_key, offset, into.AsMemory(0, length), _stop.Token);
        return read == length ? length : throw new IOException("the stored list ended before the stretch being read");
    }
}
