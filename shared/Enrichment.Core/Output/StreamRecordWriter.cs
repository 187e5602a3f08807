namespace Enrichment.Core.Output;

/// <summary>
/// The stream rules every record writer keeps: <see cref="FlushAsync"/> writes what is pending and
/// flushes the stream; disposing writes only what is still pending (the owner may have completed the
/// stream, an upload, after its last flush, and a flush of a finished stream can throw), then releases
/// the writer's own resources and the stream unless it was left open.
/// </summary>
public abstract class StreamRecordWriter : IRecordWriter
{
    private readonly bool _leaveOpen;

    protected StreamRecordWriter(Stream stream, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Stream = stream;
        _leaveOpen = leaveOpen;
    }

    protected Stream Stream { get; }

    protected bool IsDisposed { get; private set; }

    /// <summary>Whether anything is buffered (or a file is unfinished) that a flush would write.</summary>
    protected abstract bool HasPending { get; }

    public abstract ValueTask WriteHeaderAsync(IReadOnlyList<string> columns, CancellationToken cancellationToken);

    public abstract ValueTask WriteRowAsync(IReadOnlyList<string?> values, CancellationToken cancellationToken);

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        await WritePendingAsync(cancellationToken);
        await Stream.FlushAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (IsDisposed)
        {
            return;
        }

        try
        {
            if (HasPending)
            {
                await FlushAsync(CancellationToken.None);
            }
        }
        finally
        {
            IsDisposed = true;
            await ReleaseAsync();
            if (!_leaveOpen)
            {
                await Stream.DisposeAsync();
            }
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Writes what is pending to <see cref="Stream"/>, without flushing it.</summary>
    protected abstract ValueTask WritePendingAsync(CancellationToken cancellationToken);

    /// <summary>Releases the writer's own resources (buffers, inner writers); called once, on dispose.</summary>
    protected virtual ValueTask ReleaseAsync() => ValueTask.CompletedTask;
}
