namespace Enrichment.Local.Host.Hosting;

/// <summary>The connection's output as Kestrel writes it, with its own empty error answers given JSON bodies (see <see cref="KestrelErrorBodies"/>).</summary>
internal sealed class ErrorBodyStream(Stream inner) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        KestrelErrorBodies.TryRewrite(buffer.Span) is { } rewritten
            ? inner.WriteAsync(rewritten, cancellationToken)
            : inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count)
    {
        if (KestrelErrorBodies.TryRewrite(buffer.AsSpan(offset, count)) is { } rewritten)
        {
            inner.Write(rewritten);
            return;
        }

        inner.Write(buffer, offset, count);
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
