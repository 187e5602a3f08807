using System.Net;
using System.Runtime.InteropServices;
using Amazon.S3;
using Amazon.S3.Model;
using Enrichment.Core.Input;

namespace Enrichment.Aws.S3;

/// <summary>
/// The object store on S3. Every write asks for server-side encryption: SSE-KMS with the configured
/// key, else SSE-S3 (AES256). Uploads through a pre-signed PUT cannot carry that header without
/// the client sending it too, so the bucket's default encryption (Terraform) covers those.
/// </summary>
public sealed class S3ObjectStore : IObjectStore
{
    public const int DefaultPartSize = 8 * 1024 * 1024;
    public const int MinimumPartSize = 5 * 1024 * 1024;

    private readonly IAmazonS3 _client;
    private readonly string _bucket;
    private readonly string? _kmsKeyId;
    private readonly TimeProvider _time;
    private readonly Protocol _urlProtocol;

    public S3ObjectStore(IAmazonS3 client, string bucketName, string? kmsKeyId, TimeProvider timeProvider, int partSize = DefaultPartSize)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(bucketName);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(partSize, MinimumPartSize);
        _client = client;
        _bucket = bucketName;
        _kmsKeyId = string.IsNullOrWhiteSpace(kmsKeyId) ? null : kmsKeyId;
        _time = timeProvider;
        PartSize = partSize;
        // Pre-signed links follow the endpoint's scheme: an emulator on plain HTTP gets http links.
        _urlProtocol = client.Config.ServiceURL is { } url && url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            ? Protocol.HTTP
            : Protocol.HTTPS;
    }

    public int PartSize { get; }

    /// <summary>Keys per ListObjectsV2 page; null keeps S3's 1,000. Tests set it small to force paging.</summary>
    internal int? ListPageSize { get; set; }

    public string BucketName => _bucket;

    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var stream = MemoryMarshal.TryGetArray(content, out var segment) && segment.Array is not null
            ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);
        await using (stream)
        {
            var request = new PutObjectRequest
            {
                BucketName = _bucket,
                Key = key,
                InputStream = stream,
                AutoCloseStream = false,
                ContentType = contentType,
            };
            ApplyEncryption(request);
            await _client.PutObjectAsync(request, cancellationToken);
        }
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        try
        {
            var response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = _bucket, Key = key }, cancellationToken);
            return new ResponseOwningStream(response.ResponseStream, response);
        }
        catch (AmazonS3Exception exception) when (IsNotFound(exception))
        {
            return null;
        }
    }

    public async Task<int?> ReadRangeAsync(string key, long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (destination.IsEmpty)
        {
            // A Range header cannot name zero bytes.
            return 0;
        }

        // Inclusive end; an end past the object is cut to the object by S3.
        var last = offset > long.MaxValue - destination.Length ? long.MaxValue : offset + destination.Length - 1;
        var request = new GetObjectRequest { BucketName = _bucket, Key = key, ByteRange = new ByteRange(offset, last) };
        try
        {
            using var response = await _client.GetObjectAsync(request, cancellationToken);
            if (response.HttpStatusCode != HttpStatusCode.PartialContent && response.ContentLength > 0)
            {
                // A whole object where a range was asked for would be read as the range's bytes.
                throw new InvalidDataException($"GetObject of '{key}' ignored the range {offset}-{last} (HTTP {(int)response.HttpStatusCode}).");
            }

            return await response.ResponseStream.ReadAtLeastAsync(destination, destination.Length, throwOnEndOfStream: false, cancellationToken);
        }
        catch (AmazonS3Exception exception) when (IsNotFound(exception))
        {
            return null;
        }
        catch (AmazonS3Exception exception) when (IsRangeNotSatisfiable(exception))
        {
            // The offset is at or past the end (an empty object has no satisfiable range at all).
            return 0;
        }
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        try
        {
            await _client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _bucket, Key = key }, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception exception) when (IsNotFound(exception))
        {
            return false;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        await _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _bucket, Key = key }, cancellationToken);
    }

    public async Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        // An empty prefix would empty the bucket: never what a job cleanup means.
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = prefix, MaxKeys = ListPageSize };
        while (true)
        {
            var page = await _client.ListObjectsV2Async(request, cancellationToken);
            if (page.S3Objects is { Count: > 0 } objects)
            {
                var response = await _client.DeleteObjectsAsync(
                    new DeleteObjectsRequest
                    {
                        BucketName = _bucket,
                        Objects = objects.Select(entry => new KeyVersion { Key = entry.Key }).ToList(),
                        Quiet = true,
                    },
                    cancellationToken);
                if (response.DeleteErrors is { Count: > 0 } errors)
                {
                    throw new IOException($"{errors.Count} objects under '{prefix}' could not be deleted (first: {errors[0].Code}).");
                }
            }

            if (page.IsTruncated != true || string.IsNullOrEmpty(page.NextContinuationToken))
            {
                return;
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
    }

    public Task<IObjectUpload> StartUploadAsync(string key, string contentType, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IObjectUpload>(new S3MultipartUpload(this, key, contentType));
    }

    public async Task<Uri> GetDownloadUrlAsync(string key, TimeSpan lifetime, string? downloadFileName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        cancellationToken.ThrowIfCancellationRequested();
        var request = PresignRequest(key, HttpVerb.GET, lifetime);
        if (!string.IsNullOrWhiteSpace(downloadFileName))
        {
            request.ResponseHeaderOverrides.ContentDisposition = ContentDisposition(downloadFileName);
        }

        return new Uri(await _client.GetPreSignedURLAsync(request));
    }

    public async Task<Uri> GetUploadUrlAsync(string key, TimeSpan lifetime, string contentType, long contentLength, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(contentLength);
        cancellationToken.ThrowIfCancellationRequested();
        var request = PresignRequest(key, HttpVerb.PUT, lifetime);
        request.ContentType = contentType;

        // Signed (X-Amz-SignedHeaders includes content-length): S3 refuses a PUT of any other length.
        request.Headers.ContentLength = contentLength;
        return new Uri(await _client.GetPreSignedURLAsync(request));
    }

    internal IAmazonS3 Client => _client;

    internal void ApplyEncryption(PutObjectRequest request)
    {
        request.ServerSideEncryptionMethod = _kmsKeyId is null ? ServerSideEncryptionMethod.AES256 : ServerSideEncryptionMethod.AWSKMS;
        request.ServerSideEncryptionKeyManagementServiceKeyId = _kmsKeyId;
    }

    internal void ApplyEncryption(InitiateMultipartUploadRequest request)
    {
        request.ServerSideEncryptionMethod = _kmsKeyId is null ? ServerSideEncryptionMethod.AES256 : ServerSideEncryptionMethod.AWSKMS;
        request.ServerSideEncryptionKeyManagementServiceKeyId = _kmsKeyId;
    }

    private GetPreSignedUrlRequest PresignRequest(string key, HttpVerb verb, TimeSpan lifetime) => new()
    {
        BucketName = _bucket,
        Key = key,
        Verb = verb,
        Expires = Expiry(lifetime),
        Protocol = _urlProtocol,
    };

    private DateTime Expiry(TimeSpan lifetime)
    {
        // S3 signs for at most seven days.
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lifetime, TimeSpan.FromDays(7));
        // Whole seconds, like the signer's own clock (X-Amz-Date): otherwise the SDK rounds the
        // fraction up and the link lives a second longer than asked.
        var now = DateTimeOffset.FromUnixTimeSeconds(_time.GetUtcNow().ToUnixTimeSeconds());
        return (now + lifetime).UtcDateTime;
    }

    /// <summary>
    /// attachment with a token-only fallback name and the exact name in RFC 5987 form: quotes,
    /// separators or non-ASCII letters in the name can neither break the header nor be lost, and the
    /// value holds no space or quote, so the signed link reads the same through Uri.ToString().
    /// </summary>
    internal static string ContentDisposition(string fileName)
    {
        var fallback = new StringBuilder(fileName.Length);
        foreach (var character in fileName)
        {
            fallback.Append(char.IsAsciiLetterOrDigit(character) || "!#$&+-.^_`|~".Contains(character, StringComparison.Ordinal) ? character : '_');
        }

        return $"attachment;filename={fallback};filename*=UTF-8''{Uri.EscapeDataString(fileName)}";
    }

    private static bool IsNotFound(AmazonS3Exception exception) =>
        exception.StatusCode == HttpStatusCode.NotFound || exception.ErrorCode is "NoSuchKey" or "NotFound";

    private static bool IsRangeNotSatisfiable(AmazonS3Exception exception) =>
        exception.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable || exception.ErrorCode is "InvalidRange";

    /// <summary>Disposes the GetObject response (and its connection) with the stream the caller holds.</summary>
    private sealed class ResponseOwningStream(Stream inner, IDisposable owner) : ForwardReadStream
    {
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => inner.Read(buffer);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(buffer, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                owner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
