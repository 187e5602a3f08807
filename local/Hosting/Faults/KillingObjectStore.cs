namespace Enrichment.Local.Host.Hosting.Faults;

/// <summary>
/// Kills the host at the object writes that mark a stage: keeping an inline list (<c>keep-input</c>, before
/// it is written), a worker's part (<c>part</c>, once written, before its commit), the aggregate's output
/// (<c>output-start</c> before any row, <c>output-complete</c> with every row written but not yet made
/// visible) and its summary (<c>summary</c>, once written, before the job is marked finished).
/// </summary>
public sealed class KillingObjectStore(IObjectStore inner, KillPoint kill) : IObjectStore
{
    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        await inner.PutAsync(key, content, contentType, cancellationToken);
        if (key.Contains("/parts/", StringComparison.Ordinal))
        {
            kill.Reach("part");
        }
        else if (key.EndsWith("/summary.json", StringComparison.Ordinal))
        {
            kill.Reach("summary");
        }
    }

    public async Task<IObjectUpload> StartUploadAsync(string key, string contentType, CancellationToken cancellationToken)
    {
        if (key.EndsWith("/input", StringComparison.Ordinal))
        {
            kill.Reach("keep-input");
            return await inner.StartUploadAsync(key, contentType, cancellationToken);
        }

        if (!key.Contains("/output/", StringComparison.Ordinal))
        {
            return await inner.StartUploadAsync(key, contentType, cancellationToken);
        }

        kill.Reach("output-start");
        return new KillingUpload(await inner.StartUploadAsync(key, contentType, cancellationToken), kill);
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken) => inner.OpenReadAsync(key, cancellationToken);

    public Task<int?> ReadRangeAsync(string key, long offset, Memory<byte> destination, CancellationToken cancellationToken) =>
        inner.ReadRangeAsync(key, offset, destination, cancellationToken);

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => inner.ExistsAsync(key, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

    public Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken) => inner.DeletePrefixAsync(prefix, cancellationToken);

    public Task<Uri> GetDownloadUrlAsync(string key, TimeSpan lifetime, string? downloadFileName, CancellationToken cancellationToken) =>
        inner.GetDownloadUrlAsync(key, lifetime, downloadFileName, cancellationToken);

    public Task<Uri> GetUploadUrlAsync(string key, TimeSpan lifetime, string contentType, long contentLength, CancellationToken cancellationToken) =>
        inner.GetUploadUrlAsync(key, lifetime, contentType, contentLength, cancellationToken);

    private sealed class KillingUpload(IObjectUpload inner, KillPoint kill) : IObjectUpload
    {
        public Stream Stream => inner.Stream;

        public Task CompleteAsync(CancellationToken cancellationToken)
        {
            kill.Reach("output-complete");
            return inner.CompleteAsync(cancellationToken);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
