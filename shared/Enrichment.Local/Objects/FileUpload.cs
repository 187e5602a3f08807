namespace Enrichment.Local.Objects;

/// <summary>
/// A streamed write (the aggregate's output) into a temp file, published whole on completion like
/// every other object of <see cref="DirectoryObjectStore"/>.
/// </summary>
internal sealed class FileUpload(AtomicFiles files, FileStream stream, string temp, string target) : IObjectUpload
{
    private bool _finished;

    public Stream Stream => stream;

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        await stream.FlushAsync(cancellationToken);
        files.Sync(stream);
        await stream.DisposeAsync();
        files.Publish(temp, target);
        _finished = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_finished)
        {
            return;
        }

        // Disposed without completing: an abort, like AbortMultipartUpload.
        _finished = true;
        await stream.DisposeAsync();
        File.Delete(temp);
    }
}
