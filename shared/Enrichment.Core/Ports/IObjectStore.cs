namespace Enrichment.Core.Ports;

/// <summary>The job's objects: failed-batch payloads, batch parts, the output and its summary.</summary>
public interface IObjectStore
{
    /// <summary>Writes a whole object (overwrites; server-side encryption where the store has it).</summary>
    Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken);

    /// <summary>Opens an object for streaming reads; null when it does not exist.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the bytes of an object from <paramref name="offset"/> into <paramref name="destination"/>, filling it
    /// unless the object ends first; null when the object does not exist. One request (a ranged GetObject on S3).
    /// </summary>
    /// <returns>
    /// The bytes read: less than <paramref name="destination"/>'s length only when the object ends first, 0 when
    /// <paramref name="offset"/> is at or past its end. An empty <paramref name="destination"/> answers 0 without
    /// a request, so without looking whether the object exists.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="offset"/> is negative.</exception>
    Task<int?> ReadRangeAsync(string key, long offset, Memory<byte> destination, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken);

    Task DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>Deletes every object under a prefix.</summary>
    Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>
    /// Starts a streamed write of a large object (a multipart upload on S3): memory stays bounded by
    /// the part size whatever is written. Nothing is visible until <see cref="IObjectUpload.CompleteAsync"/>.
    /// </summary>
    Task<IObjectUpload> StartUploadAsync(string key, string contentType, CancellationToken cancellationToken);

    /// <summary>A short-lived link to download an object.</summary>
    Task<Uri> GetDownloadUrlAsync(string key, TimeSpan lifetime, string? downloadFileName, CancellationToken cancellationToken);

    /// <summary>
    /// A short-lived link to upload an object with an HTTP PUT of exactly <paramref name="contentLength"/>
    /// bytes: the length is part of the signature, so a longer (or shorter) body is refused.
    /// </summary>
    Task<Uri> GetUploadUrlAsync(string key, TimeSpan lifetime, string contentType, long contentLength, CancellationToken cancellationToken);
}
