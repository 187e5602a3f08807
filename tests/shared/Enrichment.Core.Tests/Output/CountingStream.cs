namespace Enrichment.Core.Tests.Output;

/// <summary>A memory stream that records how the writers use it.</summary>
internal sealed class CountingStream : MemoryStream
{
    public int Writes { get; private set; }

    public int LargestWrite { get; private set; }

    public bool Disposed { get; private set; }

    /// <summary>Like an upload stream after completion: any further write or flush throws.</summary>
    public bool Completed { get; set; }

    public override void Flush()
    {
        ThrowIfCompleted();
        base.Flush();
    }

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        ThrowIfCompleted();
        return base.FlushAsync(cancellationToken);
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        Count(count);
        base.Write(buffer, offset, count);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Count(buffer.Length);
        base.Write(buffer);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Count(buffer.Length);
        return base.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Count(count);
        return base.WriteAsync(buffer, offset, count, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }

    private void ThrowIfCompleted()
    {
        if (Completed)
        {
            throw new InvalidOperationException("The stream is completed.");
        }
    }

    private void Count(int bytes)
    {
        ThrowIfCompleted();
        Writes++;
        LargestWrite = Math.Max(LargestWrite, bytes);
    }
}
