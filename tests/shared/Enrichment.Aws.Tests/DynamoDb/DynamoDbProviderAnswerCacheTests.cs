using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Enrichment.Aws.DynamoDb;
using Enrichment.Aws.Tests.Support;
using Enrichment.Core.Jobs;
using Enrichment.Testing.Jobs;
using Enrichment.Testing.Time;

namespace Enrichment.Aws.Tests.DynamoDb;

/// <summary>What the contract cannot see: the stored item, and the answers living beside the control table's items.</summary>
[TestFixture]
public sealed class DynamoDbProviderAnswerCacheTests
{
    private const string Provider = "person-api";

    private AmazonDynamoDBClient _client = null!;
    private string _tableName = null!;
    private ManualTimeProvider _clock = null!;

    [OneTimeSetUp]
    public async Task CreateTableOnceAsync()
    {
        _client = MotoClients.DynamoDb();
        _tableName = await MotoResources.CreateControlTableAsync(_client);
    }

    [OneTimeTearDown]
    public void DisposeClient() => _client?.Dispose();

    [SetUp]
    public void StartClock() => _clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    private static string NewJobId() => "job-" + Guid.NewGuid().ToString("N");

    private static string Key(int i) => i.ToString("D64", CultureInfo.InvariantCulture);

    [Test]
    public async Task A_put_stores_one_item_in_the_jobs_partition_with_the_ttl_in_epoch_seconds()
    {
        var cache = new DynamoDbProviderAnswerCache(_client, _tableName, _clock);
        var jobId = NewJobId();
        var expiresAt = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

        await cache.PutManyAsync(jobId, Provider, new Dictionary<string, string> { [Key(7)] = "{\"name\":\"Ann\"}" }, expiresAt, CancellationToken.None);

        var response = await _client.GetItemAsync(new GetItemRequest
        {
            TableName = _tableName,
            Key = new Dictionary<string, AttributeValue>
            {
                ["pk"] = new() { S = "JOB#" + jobId },
                ["sk"] = new() { S = "ANSWER#" + Provider + "#" + Key(7) },
            },
            ConsistentRead = true,
        });
        var item = response.Item;
        Assert.That(item, Is.Not.Null.And.Not.Empty);
        Assert.Multiple(() =>
        {
            Assert.That(item["answer"].S, Is.EqualTo("{\"name\":\"Ann\"}"));
            Assert.That(item["expiresAt"].N, Is.EqualTo(expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
            Assert.That(item.Keys, Is.EquivalentTo(new[] { "pk", "sk", "answer", "expiresAt" }));
        });
    }

    [Test]
    public async Task Answers_in_a_jobs_partition_leave_its_batches_and_counters_alone_and_go_with_its_delete()
    {
        var table = new DynamoDbControlTable(_client, _tableName, TimeSpan.FromDays(7), _clock) { QueryPageSize = 7 };
        var cache = new DynamoDbProviderAnswerCache(_client, _tableName, _clock);
        var jobId = NewJobId();
        var now = _clock.GetUtcNow();
        Assert.That(await table.TryCreateJobAsync(Job(jobId, now), CancellationToken.None), Is.True);
        await table.CommitBatchAsync(jobId, new BatchResult(0, BatchStatus.Done, 10, 9, 1, 0, null), CancellationToken.None);
        await cache.PutManyAsync(jobId, Provider, Enumerable.Range(0, 40).ToDictionary(Key, i => "answer" + i), now.AddDays(7), CancellationToken.None);
        await cache.PutManyAsync(jobId, "company-api", new Dictionary<string, string> { [Key(1)] = "c" }, now.AddDays(7), CancellationToken.None);
        await table.CommitBatchAsync(jobId, new BatchResult(1, BatchStatus.Failed, 10, 0, 0, 10, "dead-lettered"), CancellationToken.None);

        var batches = new List<BatchEntry>();
        await foreach (var batch in table.ListBatchesAsync(jobId, CancellationToken.None))
        {
            batches.Add(batch);
        }

        var progress = await table.GetProgressAsync(jobId, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(batches.Select(b => (b.BatchIndex, b.Status)), Is.EqualTo(new[] { (0, BatchStatus.Done), (1, BatchStatus.Failed) }));
            Assert.That((progress.BatchesDone, progress.BatchesFailed, progress.RecordsOk, progress.RecordsError), Is.EqualTo((1, 1, 9L, 10L)));
        });

        await table.DeleteJobAsync(jobId, CancellationToken.None);

        var left = await _client.QueryAsync(new QueryRequest
        {
            TableName = _tableName,
            KeyConditionExpression = "pk = :pk",
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":pk"] = new() { S = "JOB#" + jobId } },
            ConsistentRead = true,
        });
        var found = await cache.GetManyAsync(jobId, Provider, [Key(0), Key(39)], CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(left.Items ?? [], Is.Empty);
            Assert.That(found, Is.Empty);
        });
    }

    private static JobRecord Job(string jobId, DateTimeOffset now) =>
        TestJobs.Create(jobId, JobState.Processing, now) with { Providers = ["normalize", Provider], TotalRecords = 20, TotalBatches = 2 };
}
