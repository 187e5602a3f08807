using System.Collections.Concurrent;
using Enrichment.Core.Ports;

namespace Enrichment.Aws.Tests.Iam;

/// <summary>
/// Records every read of an object that was not there, per function. moto answers such a read 404 whatever
/// the caller's policy; S3 answers it 403 AccessDenied to a role without an unconditional s3:ListBucket on the
/// bucket (every role here: the worker has none, the api, split and aggregate only for the jobs/ prefix), and
/// the adapter then fails instead of seeing "missing". So a not-found read recorded here is a call that would
/// fail on AWS.
/// </summary>
internal sealed class NotFoundRecorder(IObjectStore inner, string function, ConcurrentQueue<string> notFound) : IObjectStore
{
    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var stream = await inner.OpenReadAsync(key, cancellationToken);
        if (stream is null)
        {
            notFound.Enqueue($"{function}: GetObject {key}");
        }

        return stream;
    }

    public async Task<int?> ReadRangeAsync(string key, long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        var read = await inner.ReadRangeAsync(key, offset, destination, cancellationToken);
        if (read is null)
        {
            notFound.Enqueue($"{function}: GetObject {key} (range)");
        }

        return read;
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        var exists = await inner.ExistsAsync(key, cancellationToken);
        if (!exists)
        {
            notFound.Enqueue($"{function}: HeadObject {key}");
        }

        return exists;
    }

    public Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken) => inner.PutAsync(key, content, contentType, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

    public Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken) => inner.DeletePrefixAsync(prefix, cancellationToken);

    public Task<IObjectUpload> StartUploadAsync(string key, string contentType, CancellationToken cancellationToken) => inner.StartUploadAsync(key, contentType, cancellationToken);

    public Task<Uri> GetDownloadUrlAsync(string key, TimeSpan lifetime, string? downloadFileName, CancellationToken cancellationToken) =>
        inner.GetDownloadUrlAsync(key, lifetime, downloadFileName, cancellationToken);

    public Task<Uri> GetUploadUrlAsync(string key, TimeSpan lifetime, string contentType, long contentLength, CancellationToken cancellationToken) =>
        inner.GetUploadUrlAsync(key, lifetime, contentType, contentLength, cancellationToken);
}
