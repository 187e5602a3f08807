namespace Enrichment.Core.Costs.Counting;

/// <summary>
/// Counts the S3 requests of the object store's callers into the current <see cref="UsageTally"/>:
/// PutObject, GetObject (whole or ranged), HeadObject, the LIST of a prefix delete, and a streamed upload's requests
/// from the bytes written (<see cref="RequestUnits.UploadRequests"/>). Deletes are free; signing a
/// link makes no request (the caller's download or upload through it is not counted here).
/// </summary>
public sealed class CountingObjectStore(IObjectStore inner, IUsageTallyAccessor usage) : IObjectStore
{
    /// <summary>The adapter counted.</summary>
    public IObjectStore Inner => inner;

    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        await inner.PutAsync(key, content, contentType, cancellationToken);
        usage.Count(new AwsUsage { S3PutRequests = 1, S3StoredBytes = content.Length });
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        usage.Count(new AwsUsage { S3GetRequests = 1 });
        return inner.OpenReadAsync(key, cancellationToken);
    }

    public Task<int?> ReadRangeAsync(string key, long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        // An empty destination makes no request (IObjectStore.ReadRangeAsync).
        if (!destination.IsEmpty)
        {
            usage.Count(new AwsUsage { S3GetRequests = 1 });
        }

        return inner.ReadRangeAsync(key, offset, destination, cancellationToken);
    }

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        usage.Count(new AwsUsage { S3GetRequests = 1 });
        return inner.ExistsAsync(key, cancellationToken);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

    public Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        usage.Count(new AwsUsage { S3PutRequests = 1 });
        return inner.DeletePrefixAsync(prefix, cancellationToken);
    }

    public async Task<IObjectUpload> StartUploadAsync(string key, string contentType, CancellationToken cancellationToken) =>
        new CountingUpload(await inner.StartUploadAsync(key, contentType, cancellationToken), usage);

    public Task<Uri> GetDownloadUrlAsync(string key, TimeSpan lifetime, string? downloadFileName, CancellationToken cancellationToken) =>
        inner.GetDownloadUrlAsync(key, lifetime, downloadFileName, cancellationToken);

    public Task<Uri> GetUploadUrlAsync(string key, TimeSpan lifetime, string contentType, long contentLength, CancellationToken cancellationToken) =>
        inner.GetUploadUrlAsync(key, lifetime, contentType, contentLength, cancellationToken);
}
