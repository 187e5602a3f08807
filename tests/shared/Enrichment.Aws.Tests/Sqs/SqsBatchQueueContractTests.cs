using Amazon.SQS;
using Amazon.SQS.Model;
using Enrichment.Aws.Sqs;
using Enrichment.Aws.Tests.Support;
using Enrichment.Core.Ports;
using Enrichment.Testing.Contracts;

namespace Enrichment.Aws.Tests.Sqs;

/// <summary>The batch queue contract against SQS in moto: one queue per fixture, purged before each test.</summary>
[TestFixture]
public sealed class SqsBatchQueueContractTests : BatchQueueContract
{
    private AmazonSQSClient _client = null!;
    private string _queueUrl = null!;

    [OneTimeSetUp]
    public async Task CreateQueueOnceAsync()
    {
        _client = MotoClients.Sqs();
        _queueUrl = await MotoResources.CreateQueueAsync(_client);
    }

    [OneTimeTearDown]
    public void DisposeClient() => _client?.Dispose();

    protected override async Task<IBatchQueue> CreateQueueAsync()
    {
        await _client.PurgeQueueAsync(new PurgeQueueRequest { QueueUrl = _queueUrl });
        return new SqsBatchQueue(_client, _queueUrl, TimeProvider.System);
    }

    protected override async Task<IReadOnlyList<string>> ReceiveBodiesAsync(int expected, TimeSpan timeout) =>
        await MotoResources.DrainAsync(_client, _queueUrl, expected, timeout);
}
