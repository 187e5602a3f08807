namespace Enrichment.Core.Costs.Counting;

/// <summary>A streamed upload that counts its bytes, and on completion its S3 requests and stored bytes.</summary>
internal sealed class CountingUpload(IObjectUpload inner, IUsageTallyAccessor usage) : IObjectUpload
{
    private readonly CountingWriteStream _stream = new(inner.Stream);

    public Stream Stream => _stream;

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await inner.CompleteAsync(cancellationToken);
        usage.Count(new AwsUsage { S3PutRequests = RequestUnits.UploadRequests(_stream.Written), S3StoredBytes = _stream.Written });
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
