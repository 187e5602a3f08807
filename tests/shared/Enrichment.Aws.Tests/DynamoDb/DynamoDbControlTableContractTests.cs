using Amazon.DynamoDBv2;
using Enrichment.Aws.DynamoDb;
using Enrichment.Aws.Tests.Support;
using Enrichment.Core.Ports;
using Enrichment.Testing.Contracts;

namespace Enrichment.Aws.Tests.DynamoDb;

/// <summary>The control table contract against DynamoDB in moto: one fresh table for the fixture.</summary>
[TestFixture]
public sealed class DynamoDbControlTableContractTests : ControlTableContract
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

    protected override Task<IControlTable> CreateTableAsync() =>
        Task.FromResult<IControlTable>(new DynamoDbControlTable(_client, _tableName, TimeSpan.FromDays(7), TimeProvider.System)
        {
            // Well under the contract's ManyBatches, so listing crosses pages.
            QueryPageSize = 7,
        });
}
