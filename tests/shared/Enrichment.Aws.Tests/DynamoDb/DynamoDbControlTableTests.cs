using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Enrichment.Aws.DynamoDb;
using Enrichment.Aws.Tests.Support;
using Enrichment.Core.Jobs;
using Enrichment.Testing.Jobs;

namespace Enrichment.Aws.Tests.DynamoDb;

/// <summary>DynamoDB-specific behaviour: item layout, TTL, counter shards, paging, races.</summary>
[TestFixture]
public sealed class DynamoDbControlTableTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

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

    private DynamoDbControlTable NewTable(int? pageSize = null) =>
        new(_client, _tableName, TimeSpan.FromDays(3), TimeProvider.System) { QueryPageSize = pageSize };

    private static string NewJobId() => "job-" + Guid.NewGuid().ToString("N");

    private static JobRecord Job(string jobId) =>
        TestJobs.Create(jobId, JobState.Processing, Now) with { Columns = ["email", "", "name"], TotalRecords = 1000, TotalBatches = 10 };

    private static BatchResult Done(int index, int ok = 10) => new(index, BatchStatus.Done, ok, ok, 0, 0, null);

    private async Task<List<Dictionary<string, AttributeValue>>> ItemsAsync(string jobId)
    {
        var response = await _client.QueryAsync(new QueryRequest
        {
            TableName = _tableName,
            KeyConditionExpression = "pk = :pk",
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":pk"] = new() { S = "JOB#" + jobId } },
            ConsistentRead = true,
        });
        var items = response.Items ?? [];
        for (var shard = 0; shard < DynamoDbControlTable.CounterShards; shard++)
        {
            var counter = await _client.GetItemAsync(new GetItemRequest
            {
                TableName = _tableName,
                Key = new Dictionary<string, AttributeValue>
                {
                    ["pk"] = new() { S = ControlTableKeys.CounterPartition(jobId, shard) },
                    ["sk"] = new() { S = ControlTableKeys.Counter(shard) },
                },
                ConsistentRead = true,
            });
            if (counter.Item is { Count: > 0 } item)
            {
                items.Add(item);
            }
        }

        return items;
    }

    [Test]
    public async Task EveryItem_CarriesTheTtlAttributeInEpochSeconds()
    {
        var table = NewTable();
        var jobId = NewJobId();
        await table.TryCreateJobAsync(Job(jobId), CancellationToken.None);
        await table.CommitBatchAsync(jobId, Done(0), CancellationToken.None);
        await table.CommitBatchAsync(jobId, new BatchResult(1, BatchStatus.Failed, 10, 0, 0, 10, "dead-lettered"), CancellationToken.None);
        await table.ClaimIdempotencyKeyAsync("ttl-" + jobId, jobId, Now.AddHours(2), CancellationToken.None);

        var items = await ItemsAsync(jobId);
        var idempotency = await _client.GetItemAsync(new GetItemRequest
        {
            TableName = _tableName,
            Key = new Dictionary<string, AttributeValue>
            {
                ["pk"] = new() { S = ControlTableKeys.Idempotency("ttl-" + jobId) },
                ["sk"] = new() { S = "IDEMPOTENCY" },
            },
        });
        items.Add(idempotency.Item);

        Assert.That(items.Select(item => item["sk"].S), Is.SupersetOf(new[] { "META", "BATCH#000000", "BATCH#000001", "COUNTER#00", "COUNTER#01", "IDEMPOTENCY" }));
        var lower = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var upper = DateTimeOffset.UtcNow.AddDays(8).ToUnixTimeSeconds();
        foreach (var item in items)
        {
            Assert.That(item, Does.ContainKey("expiresAt"), item["sk"].S);
            Assert.That(item["expiresAt"].N, Is.Not.Null, item["sk"].S);
            Assert.That(long.Parse(item["expiresAt"].N, System.Globalization.CultureInfo.InvariantCulture), Is.InRange(lower, upper), item["sk"].S);
        }

        var meta = items.Single(item => item["sk"].S == "META");
        Assert.That(meta["expiresAt"].N, Is.EqualTo(Now.AddDays(7).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public async Task TableTtl_IsEnabledOnExpiresAt_AsTheAdapterAssumes()
    {
        var ttl = await _client.DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = _tableName });

        Assert.That(ttl.TimeToLiveDescription.AttributeName, Is.EqualTo("expiresAt"));
        Assert.That(ttl.TimeToLiveDescription.TimeToLiveStatus.Value, Is.EqualTo("ENABLED"));
    }

    [Test]
    public async Task Commits_SpreadOverCounterShardsByBatchIndex_AndProgressSumsThem()
    {
        var table = NewTable();
        var jobId = NewJobId();
        await table.TryCreateJobAsync(Job(jobId), CancellationToken.None);
        for (var index = 0; index < 40; index++)
        {
            await table.CommitBatchAsync(jobId, Done(index, ok: index + 1), CancellationToken.None);
        }

        var shards = (await ItemsAsync(jobId)).Where(item => item["sk"].S.StartsWith("COUNTER#", StringComparison.Ordinal)).ToList();
        var progress = await table.GetProgressAsync(jobId, CancellationToken.None);

        Assert.That(shards, Has.Count.EqualTo(DynamoDbControlTable.CounterShards));
        // Shard 0 holds batches 0, 16, 32; shard 15 holds 15 and 31.
        var shard0 = shards.Single(item => item["sk"].S == "COUNTER#00");
        var shard15 = shards.Single(item => item["sk"].S == "COUNTER#15");
        Assert.That(shard0["batchesDone"].N, Is.EqualTo("3"));
        Assert.That(shard0["recordsOk"].N, Is.EqualTo((1 + 17 + 33).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(shard15["batchesDone"].N, Is.EqualTo("2"));
        Assert.That(progress.BatchesDone, Is.EqualTo(40));
        Assert.That(progress.RecordsOk, Is.EqualTo(Enumerable.Range(1, 40).Sum()));
    }

    [Test]
    public async Task CounterShards_EachHaveTheirOwnPartitionKey()
    {
        var table = NewTable();
        var jobId = NewJobId();
        await table.TryCreateJobAsync(Job(jobId), CancellationToken.None);
        for (var index = 0; index < DynamoDbControlTable.CounterShards; index++)
        {
            await table.CommitBatchAsync(jobId, Done(index), CancellationToken.None);
        }

        var shards = (await ItemsAsync(jobId)).Where(item => item["sk"].S.StartsWith("COUNTER#", StringComparison.Ordinal)).ToList();

        Assert.That(shards.Select(item => item["pk"].S).Distinct().Count(), Is.EqualTo(DynamoDbControlTable.CounterShards));
        Assert.That(shards.Select(item => item["pk"].S), Has.None.EqualTo("JOB#" + jobId));
    }

    [Test]
    public async Task Progress_AlsoSumsShardsWrittenUnderTheJobsKey_ByTheVersionBefore()
    {
        var table = NewTable();
        var jobId = NewJobId();
        await table.TryCreateJobAsync(Job(jobId), CancellationToken.None);
        await table.CommitBatchAsync(jobId, Done(5, ok: 7), CancellationToken.None);
        // What the previous version wrote for batches 3 and 19: a shard item under the job's own key.
        await _client.PutItemAsync(new PutItemRequest
        {
            TableName = _tableName,
            Item = new Dictionary<string, AttributeValue>
            {
                ["pk"] = new() { S = "JOB#" + jobId },
                ["sk"] = new() { S = "COUNTER#03" },
                ["batchesDone"] = new() { N = "2" },
                ["recordsOk"] = new() { N = "20" },
                ["ctr:attempt:0:batches"] = new() { N = "2" },
            },
        });

        var progress = await table.GetProgressAsync(jobId, CancellationToken.None);

        Assert.That((progress.BatchesDone, progress.RecordsOk), Is.EqualTo((3, 27L)));
        Assert.That(progress.Counters!["attempt:0:batches"], Is.EqualTo(3));
    }

    [Test]
    public async Task TwoTasksCommittingTheSameBatch_AreCountedOnce()
    {
        var table = NewTable();
        var jobId = NewJobId();
        await table.TryCreateJobAsync(Job(jobId), CancellationToken.None);
        using var start = new ManualResetEventSlim(false);

        var tasks = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            start.Wait(TimeSpan.FromSeconds(10));
            return await table.CommitBatchAsync(jobId, Done(5, ok: 50), CancellationToken.None);
        })).ToArray();
        start.Set();
        var outcomes = await Task.WhenAll(tasks);

        Assert.That(outcomes.Count(outcome => outcome == CommitOutcome.Counted), Is.EqualTo(1));
        Assert.That(outcomes.Count(outcome => outcome == CommitOutcome.AlreadyCounted), Is.EqualTo(1));
        var progress = await table.GetProgressAsync(jobId, CancellationToken.None);
        Assert.That(progress.BatchesDone, Is.EqualTo(1));
        Assert.That(progress.RecordsOk, Is.EqualTo(50));
    }

    [Test]
    public async Task RetryRacingAgainstDuplicateDelivery_FailedToDoneCountedOnce()
    {
        var table = NewTable();
        var jobId = NewJobId();
        await table.TryCreateJobAsync(Job(jobId), CancellationToken.None);
        await table.CommitBatchAsync(jobId, new BatchResult(2, BatchStatus.Failed, 10, 0, 0, 10, "dead-lettered"), CancellationToken.None);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => table.CommitBatchAsync(jobId, Done(2, ok: 10), CancellationToken.None))));

        Assert.That(outcomes.Count(outcome => outcome == CommitOutcome.Counted), Is.EqualTo(1));
        var progress = await table.GetProgressAsync(jobId, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(progress.BatchesDone, Is.EqualTo(1));
            Assert.That(progress.BatchesFailed, Is.Zero);
            Assert.That(progress.RecordsOk, Is.EqualTo(10));
            Assert.That(progress.RecordsError, Is.Zero);
        });
    }

    [Test]
    public async Task ListBatches_PageSizeOne_StillReturnsEveryBatch()
    {
        var table = NewTable(pageSize: 1);
        var jobId = NewJobId();
        await table.TryCreateJobAsync(Job(jobId), CancellationToken.None);
        foreach (var index in new[] { 9, 0, 4, 1 })
        {
            await table.CommitBatchAsync(jobId, Done(index), CancellationToken.None);
        }

        var listed = new List<int>();
        await foreach (var entry in table.ListBatchesAsync(jobId, CancellationToken.None))
        {
            listed.Add(entry.BatchIndex);
        }

        Assert.That(listed, Is.EqualTo(new[] { 0, 1, 4, 9 }));
    }

    [Test]
    public async Task Progress_SmallPages_StillSumsEveryShard()
    {
        var table = NewTable(pageSize: 3);
        var jobId = NewJobId();
        await table.TryCreateJobAsync(Job(jobId), CancellationToken.None);
        for (var index = 0; index < 20; index++)
        {
            await table.CommitBatchAsync(jobId, Done(index, ok: 2), CancellationToken.None);
        }

        var progress = await table.GetProgressAsync(jobId, CancellationToken.None);

        Assert.That(progress.BatchesDone, Is.EqualTo(20));
        Assert.That(progress.RecordsOk, Is.EqualTo(40));
    }

    [Test]
    public async Task DeleteJob_AlsoReleasesItsIdempotencyKey()
    {
        var table = NewTable();
        var job = Job(NewJobId()) with { IdempotencyKey = "idem-" + Guid.NewGuid().ToString("N") };
        await table.TryCreateJobAsync(job, CancellationToken.None);
        await table.ClaimIdempotencyKeyAsync(job.IdempotencyKey!, job.JobId, Now.AddHours(1), CancellationToken.None);
        await table.CommitBatchAsync(job.JobId, Done(0), CancellationToken.None);

        await table.DeleteJobAsync(job.JobId, CancellationToken.None);

        var next = NewJobId();
        Assert.That(await table.ClaimIdempotencyKeyAsync(job.IdempotencyKey!, next, Now.AddHours(1), CancellationToken.None), Is.EqualTo(next));
        Assert.That(await ItemsAsync(job.JobId), Is.Empty);
    }

    [Test]
    public async Task DeleteJob_WithMoreItemsThanOneBatchWrite_RemovesThemAll()
    {
        var table = NewTable(pageSize: 10);
        var jobId = NewJobId();
        await table.TryCreateJobAsync(Job(jobId), CancellationToken.None);
        for (var index = 0; index < 30; index++)
        {
            await table.CommitBatchAsync(jobId, Done(index), CancellationToken.None);
        }

        Assert.That(await ItemsAsync(jobId), Has.Count.EqualTo(1 + 30 + 16));

        await table.DeleteJobAsync(jobId, CancellationToken.None);

        Assert.That(await ItemsAsync(jobId), Is.Empty);
    }

    [Test]
    public async Task IdempotencyKey_IsStoredHashed_NotAsTheClientTypedIt()
    {
        var table = NewTable();
        var key = "client-secret-key-" + Guid.NewGuid().ToString("N");
        await table.ClaimIdempotencyKeyAsync(key, NewJobId(), Now.AddHours(1), CancellationToken.None);

        var scan = await _client.ScanAsync(new ScanRequest { TableName = _tableName });

        Assert.That(scan.Items.Select(item => item["pk"].S), Has.None.Contains(key));
        Assert.That(scan.Items.Select(item => item["pk"].S), Has.Some.EqualTo(ControlTableKeys.Idempotency(key)));
    }

    [Test]
    public void Commit_BatchIndexOutOfKeyRange_IsRejected()
    {
        var table = NewTable();

        Assert.That(
            async () => await table.CommitBatchAsync(NewJobId(), Done(1_000_000), CancellationToken.None),
            Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public async Task NamedCounters_AreCtrAttributesOfTheBatchesCounterShard()
    {
        var table = NewTable();
        var jobId = NewJobId();
        var counters = new Dictionary<string, long> { ["provider:person-api:field:first_name"] = 4 };
        await table.TryCreateJobAsync(Job(jobId), CancellationToken.None);

        await table.CommitBatchAsync(jobId, new BatchResult(17, BatchStatus.Done, 5, 5, 0, 0, null, 0, counters), CancellationToken.None);

        var shard = (await ItemsAsync(jobId)).Single(item => item["sk"].S == "COUNTER#01");
        Assert.That(shard["ctr:provider:person-api:field:first_name"].N, Is.EqualTo("4"));
        Assert.That(shard["ctr:attempt:0:batches"].N, Is.EqualTo("1"));
    }

    [Test]
    public async Task BatchItemWrittenBeforeAttempts_IsTreatedAsAttemptZero()
    {
        var table = NewTable();
        var jobId = NewJobId();
        await table.TryCreateJobAsync(Job(jobId), CancellationToken.None);
        await table.CommitBatchAsync(jobId, new BatchResult(0, BatchStatus.Done, 10, 5, 0, 5, null), CancellationToken.None);
        await table.CommitBatchAsync(jobId, new BatchResult(1, BatchStatus.Failed, 10, 0, 0, 10, "dead"), CancellationToken.None);
        // What the previous version wrote: no attempt attribute.
        foreach (var index in new[] { 0, 1 })
        {
            await _client.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _tableName,
                Key = new Dictionary<string, AttributeValue>
                {
                    ["pk"] = new() { S = "JOB#" + jobId },
                    ["sk"] = new() { S = "BATCH#00000" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                },
                UpdateExpression = "REMOVE attempt",
            });
        }

        Assert.That((await table.GetBatchAsync(jobId, 0, CancellationToken.None))!.Attempt, Is.Zero);
        Assert.That(await table.CommitBatchAsync(jobId, new BatchResult(0, BatchStatus.Done, 10, 5, 0, 5, null), CancellationToken.None), Is.EqualTo(CommitOutcome.AlreadyCounted));
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            table.CommitBatchAsync(jobId, new BatchResult(0, BatchStatus.Done, 10, 9, 0, 1, null, 1), CancellationToken.None))));
        Assert.That(outcomes.Count(o => o == CommitOutcome.Counted), Is.EqualTo(1));
        Assert.That(await table.CommitBatchAsync(jobId, new BatchResult(1, BatchStatus.Done, 10, 10, 0, 0, null), CancellationToken.None), Is.EqualTo(CommitOutcome.Counted));

        var progress = await table.GetProgressAsync(jobId, CancellationToken.None);
        Assert.That((progress.BatchesDone, progress.BatchesFailed, progress.RecordsOk, progress.RecordsError), Is.EqualTo((2, 0, 19L, 1L)));
        Assert.That((await table.GetBatchAsync(jobId, 0, CancellationToken.None))!.Attempt, Is.EqualTo(1));
    }

    [Test]
    public async Task JobItemWrittenBeforeAttempts_StillTakesCommits()
    {
        var table = NewTable();
        var jobId = NewJobId();
        await table.TryCreateJobAsync(Job(jobId), CancellationToken.None);
        await _client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = _tableName,
            Key = new Dictionary<string, AttributeValue> { ["pk"] = new() { S = "JOB#" + jobId }, ["sk"] = new() { S = "META" } },
            UpdateExpression = "REMOVE attempt",
        });

        Assert.That(await table.CommitBatchAsync(jobId, Done(0), CancellationToken.None), Is.EqualTo(CommitOutcome.Counted));
        Assert.That(await table.CommitBatchAsync(jobId, Done(0), CancellationToken.None), Is.EqualTo(CommitOutcome.AlreadyCounted));
        Assert.That((await table.GetProgressAsync(jobId, CancellationToken.None)).BatchesDone, Is.EqualTo(1));
    }

    [Test]
    public void Commit_WithMoreCountersThanOneUpdateHolds_IsRefusedBeforeWriting()
    {
        var table = NewTable();
        var counters = Enumerable.Range(0, DynamoDbControlTable.MaxCountersPerCommit + 1)
            .ToDictionary(i => "provider:p:field:c" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), _ => 1L);

        Assert.That(
            async () => await table.CommitBatchAsync(NewJobId(), new BatchResult(0, BatchStatus.Done, 1, 1, 0, 0, null, 0, counters), CancellationToken.None),
            Throws.ArgumentException);
    }

    [Test]
    public async Task Commit_WithTheMostCountersAllowed_IsCounted()
    {
        var table = NewTable();
        var jobId = NewJobId();
        var counters = Enumerable.Range(0, DynamoDbControlTable.MaxCountersPerCommit)
            .ToDictionary(i => "provider:a-rather-long-provider-name:field:column_" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), _ => 1L);

        await table.TryCreateJobAsync(Job(jobId), CancellationToken.None);
        await table.CommitBatchAsync(jobId, new BatchResult(0, BatchStatus.Done, 1, 1, 0, 0, null, 0, counters), CancellationToken.None);

        // The caller's counters and the attempt's batch count, which the commit rule adds.
        Assert.That((await table.GetProgressAsync(jobId, CancellationToken.None)).Counters, Has.Count.EqualTo(DynamoDbControlTable.MaxCountersPerCommit + 1));
    }
}
