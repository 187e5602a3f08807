using Amazon.DynamoDBv2;
using Enrichment.Aws.DynamoDb;
using Enrichment.Aws.Tests.Support;
using Enrichment.Core.Ports;
using Enrichment.Testing.Contracts;

namespace Enrichment.Aws.Tests.DynamoDb;

/// <summary>The answer cache contract against the control table in moto: one fresh table for the fixture.</summary>
[TestFixture]
public sealed class DynamoDbProviderAnswerCacheContractTests : ProviderAnswerCacheContract
{
    private AmazonDynamoDBClient _client = null!;
    private string _tableName = null!;

    [OneTimeSetUp]
    public async Task CreateTableOnceAsync()
    {
        _client = MotoClients.DynamoDb();
        _tableName = await MotoResources.CreateControlTableAsync(_client);
    }

    [OneTimeTearDown]
    public void DisposeClient() => _client?.Dispose();

    protected override Task<IProviderAnswerCache> CreateCacheAsync(TimeProvider time) =>
        Task.FromResult<IProviderAnswerCache>(new DynamoDbProviderAnswerCache(_client, _tableName, time));
}
