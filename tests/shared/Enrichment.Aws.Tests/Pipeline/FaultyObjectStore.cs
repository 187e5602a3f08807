using Enrichment.Core.Ports;

namespace Enrichment.Aws.Tests.Pipeline;

/// <summary>
/// The real S3 store, except that writing one batch's part fails while <see cref="Failing"/> is set:
/// an infrastructure fault the worker must retry, then record, then recover from on retry. With
/// <paramref name="hang"/> the write never returns until the invocation is cancelled, as a stuck
/// dependency makes a Lambda run into its timeout.
/// </summary>
internal sealed class FaultyObjectStore(IObjectStore inner, int failingBatchIndex, bool hang = false) : IObjectStore
{
    // Every run of a batch writes parts/{index}/{part id}.jsonl.
    private readonly string _failingPrefix = $"/parts/{failingBatchIndex:D6}/";
    private int _failures;

    public volatile bool Failing = true;

    public int Failures => Volatile.Read(ref _failures);

    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        if (Failing && key.Contains(_failingPrefix, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _failures);
            if (hang)
            {
                // Ends only through the invocation's cancellation (its Lambda timeout).
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }

            throw new IOException("injected: the part write failed");
        }

        await inner.PutAsync(key, content, contentType, cancellationToken);
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken) => inner.OpenReadAsync(key, cancellationToken);

    public Task<int?> ReadRangeAsync(string key, long offset, Memory<byte> destination, CancellationToken cancellationToken) =>
        inner.ReadRangeAsync(key, offset, destination, cancellationToken);

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => inner.ExistsAsync(key, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

    public Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken) => inner.DeletePrefixAsync(prefix, cancellationToken);

    public Task<IObjectUpload> StartUploadAsync(string key, string contentType, CancellationToken cancellationToken) => inner.StartUploadAsync(key, contentType, cancellationToken);

    public Task<Uri> GetDownloadUrlAsync(string key, TimeSpan lifetime, string? downloadFileName, CancellationToken cancellationToken) =>
        inner.GetDownloadUrlAsync(key, lifetime, downloadFileName, cancellationToken);

    public Task<Uri> GetUploadUrlAsync(string key, TimeSpan lifetime, string contentType, long contentLength, CancellationToken cancellationToken) =>
        inner.GetUploadUrlAsync(key, lifetime, contentType, contentLength, cancellationToken);
}
