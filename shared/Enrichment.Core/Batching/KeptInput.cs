namespace Enrichment.Core.Batching;

/// <summary>A job's list kept as an object, as it came: a split cut short resumes from it, and <see cref="InputBatches"/> plans any batch again from it.</summary>
public static class KeptInput
{
    /// <summary>Streams the list into the store (a multipart upload on S3), so memory stays bounded by the part size.</summary>
    public static async Task KeepAsync(IObjectStore store, string key, string contentType, Func<CancellationToken, Task<Stream>> open, CancellationToken cancellationToken)
    {
        await using var upload = await store.StartUploadAsync(key, contentType, cancellationToken);
        await using (var input = await open(cancellationToken))
        {
            await input.CopyToAsync(upload.Stream, cancellationToken);
        }

        await upload.CompleteAsync(cancellationToken);
    }

    public static Func<CancellationToken, Task<Stream>> Opener(IObjectStore store, string key) => async cancellationToken =>
        await store.OpenReadAsync(key, cancellationToken) ?? throw new InvalidOperationException("the job's kept list is gone");
}
