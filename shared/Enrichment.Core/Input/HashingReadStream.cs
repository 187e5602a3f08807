using System.Security.Cryptography;

namespace Enrichment.Core.Input;

/// <summary>Reads through to another stream and keeps a SHA-256 of every byte read, so a pass that reads a list also fingerprints it.</summary>
/// <param name="hash">False to count the bytes only: the hash of a 1,000,000-row list is 0.1 to 0.2 s on the split's one busy core (issue 13).</param>
public sealed class HashingReadStream(Stream inner, bool hash = true) : ForwardReadStream
{
    private readonly IncrementalHash? _hash = hash ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;

    /// <summary>Bytes read through so far: the list's size once <see cref="FinishAsync"/> is done.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Reads what is left (so the hash covers the whole stream) and answers the hash (empty when not hashing).</summary>
    public async Task<byte[]> FinishAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        while (await ReadAsync(buffer, cancellationToken) > 0)
        {
        }

        return _hash?.GetHashAndReset() ?? [];
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        _hash?.AppendData(buffer[..read]);
        BytesRead += read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        _hash?.AppendData(buffer.Span[..read]);
        BytesRead += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash?.Dispose();
        }

        base.Dispose(disposing);
    }
}
