using Amazon.S3;
using Enrichment.Aws.S3;
using Enrichment.Aws.Tests.Support;
using Enrichment.Core.Ports;
using Enrichment.Testing.Contracts;

namespace Enrichment.Aws.Tests.S3;

/// <summary>The object store contract against S3 in moto: one fresh bucket for the fixture.</summary>
[TestFixture]
public sealed class S3ObjectStoreContractTests : ObjectStoreContract
{
    private AmazonS3Client _client = null!;
    private string _bucket = null!;

    [OneTimeSetUp]
    public async Task CreateBucketOnceAsync()
    {
        _client = MotoClients.S3();
        _bucket = await MotoResources.CreateBucketAsync(_client);
    }

    [OneTimeTearDown]
    public void DisposeClient() => _client?.Dispose();

    protected override int UploadPartBytes => S3ObjectStore.MinimumPartSize;

    protected override Task<IObjectStore> CreateStoreAsync() =>
        Task.FromResult<IObjectStore>(new S3ObjectStore(_client, _bucket, kmsKeyId: null, TimeProvider.System, S3ObjectStore.MinimumPartSize));
}
