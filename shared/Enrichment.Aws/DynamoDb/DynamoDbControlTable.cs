using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Polly;
using static Enrichment.Aws.DynamoDb.AttributeValues;

namespace Enrichment.Aws.DynamoDb;

/// <summary>
/// The control table on DynamoDB: one table, string keys pk/sk, a TTL attribute <c>expiresAt</c>
/// (epoch seconds) on every item.
/// <list type="bullet">
/// <item>pk=JOB#{id}, sk=META: the job.</item>
/// <item>pk=JOB#{id}, sk=BATCH#{index:D6}: one per finished batch, with the attempt last counted for it
/// and the id of its part (rewritten only by the moves of <see cref="BatchCommitRule"/>).</item>
/// <item>pk=JOB#{id}#COUNTER#{shard:D2}, sk=COUNTER#{shard:D2}: counter shards, each under its own partition
/// key; a batch always adds to shard index % 16. The named job counters of <see cref="BatchResult.Counters"/>
/// are attributes "ctr:{name}" of the same items. (Jobs made before kept them under pk=JOB#{id}; progress
/// still sums those.)</item>
/// <item>pk=JOB#{id}, sk=ANSWER#{provider}#{key}: paid providers' answers shared by the job's batches
/// (written and read by <see cref="DynamoDbProviderAnswerCache"/>, deleted with the job).</item>
/// <item>pk=IDEMPOTENCY#{sha256(key)}, sk=IDEMPOTENCY: which job holds a client's idempotency key.</item>
/// </list>
/// Exactly-once accounting: <see cref="BatchCommitRule"/> decides from the job and batch items as read,
/// and the batch item and its counter shard change in one TransactWriteItems conditional on both
/// items being as read (the job's state and attempt; the batch absent, or its status and attempt,
/// which together identify every state a batch item passes through), so a second delivery, a racing
/// worker or revision, or an aggregate that sealed the attempt meanwhile fails the condition and
/// the commit is decided again from a fresh read.
/// <para>
/// Write limits. DynamoDB serves at most 1,000 WCU/s per item and per partition. Each commit costs
/// about 4 WCU (a transactional write costs twice: the ~0.5 KB batch item plus the shard update) and
/// 2-3 RCU (the job item read before it and condition-checked in it; the batch item on a re-read).
/// Sharding the counters 16 ways keeps any single item far below its limit: even 1,000 commits/s
/// (100,000 records/s, far beyond what the worker's bounded concurrency produces) puts ~63 commits/s
/// (~125 WCU/s) on each shard, and no other item is written more than twice per batch. Each shard has
/// its own partition key, so the counter writes (half of a commit's WCU) spread over 16 partition keys
/// from the first commit; the batch items share the job's key, about 2 WCU per commit, which reaches
/// that key's 1,000 WCU/s only at 500 commits/s (50 workers finishing 10 batches a second each), and
/// past that DynamoDB's split-for-heat splits the collection by sort key (the table has no LSI, so it
/// can). A 1,000,000-record job is 10,000 commits in total, i.e. ~40,000 WCU spread over its run time.
/// </para>
/// </summary>
public sealed partial class DynamoDbControlTable : IControlTable
{
    public const int CounterShards = 16;

    /// <summary>
    /// Named counters a single commit may add. Each costs ~13 characters of the 4 KB update expression;
    /// 128 leaves room and stays inside what moto's expression evaluator can recurse through (it fails
    /// near 200), so the limit is tested as it runs. A job of several providers needs a few dozen.
    /// </summary>
    public const int MaxCountersPerCommit = 128;

    private const string CounterAttributePrefix = "ctr:";
    private const int MaxCommitRounds = 8;
    private const int MaxBatchIndex = 999_999;

    private readonly IAmazonDynamoDB _client;
    private readonly string _tableName;
    private readonly TimeSpan _itemRetention;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline _transientRetry;
    private readonly UnprocessedRetry _batches;

    /// <param name="itemRetention">
    /// TTL of batch, counter items (their commit time plus this); the job item carries its own
    /// <see cref="JobRecord.ExpiresAt"/>.
    /// </param>
    public DynamoDbControlTable(IAmazonDynamoDB client, string tableName, TimeSpan itemRetention, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        _client = client;
        _tableName = tableName;
        _itemRetention = itemRetention;
        _time = timeProvider;
        _batches = new UnprocessedRetry(client, tableName, timeProvider);
        _transientRetry = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            // Concurrent commits to one counter shard cancel each other's transactions with
            // TransactionConflict; nothing was written, so trying again is safe.
            .AddRetry(AwsBackoff.Retry(
                new PredicateBuilder()
                    .Handle<TransactionCanceledException>(IsTransientCancellation)
                    .Handle<TransactionConflictException>()
                    .Handle<ProvisionedThroughputExceededException>()
                    .Handle<RequestLimitExceededException>()
                    .Handle<InternalServerErrorException>(),
                retries: 8,
                TimeSpan.FromMilliseconds(25),
                TimeSpan.FromSeconds(2)))
            .Build();
    }

    /// <summary>Items per Query page; null lets DynamoDB fill its 1 MB pages. Tests set it small to force paging.</summary>
    internal int? QueryPageSize { get; set; }

    public Task<bool> TryCreateJobAsync(JobRecord job, CancellationToken cancellationToken) =>
        TryPutJobAsync(job, "attribute_not_exists(pk)", names: null, values: null, cancellationToken);

    public async Task<JobRecord?> GetJobAsync(string jobId, CancellationToken cancellationToken)
    {
        var item = await GetItemAsync(ControlTableKeys.Job(jobId), ControlTableKeys.MetaSortKey, cancellationToken);
        return item is null ? null : JobItemMapper.FromItem(item);
    }

    public Task<bool> TryUpdateJobAsync(JobRecord job, JobState expected, CancellationToken cancellationToken) =>
        TryPutJobAsync(
            job,
            "#state = :expected",
            new Dictionary<string, string> { ["#state"] = JobItemMapper.State },
            new Dictionary<string, AttributeValue> { [":expected"] = S(expected.ToWire()) },
            cancellationToken);

    /// <summary>The whole job item, written only if <paramref name="condition"/> holds.</summary>
    private Task<bool> TryPutJobAsync(
        JobRecord job,
        string condition,
        Dictionary<string, string>? names,
        Dictionary<string, AttributeValue>? values,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return TryPutAsync(
            new PutItemRequest
            {
                TableName = _tableName,
                Item = JobItemMapper.ToItem(job),
                ConditionExpression = condition,
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
            },
            cancellationToken);
    }

    /// <summary>A conditional PutItem: false when its condition failed, which is an answer here, not an error.</summary>
    private async Task<bool> TryPutAsync(PutItemRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await _client.PutItemAsync(request, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    public async Task DeleteJobAsync(string jobId, CancellationToken cancellationToken)
    {
        var job = await GetJobAsync(jobId, cancellationToken);
        if (job?.IdempotencyKey is { } key)
        {
            await ReleaseIdempotencyKeyAsync(key, jobId, cancellationToken);
        }

        var keys = new List<Dictionary<string, AttributeValue>>(25);
        var request = new QueryRequest
        {
            TableName = _tableName,
            KeyConditionExpression = "pk = :pk",
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":pk"] = S(ControlTableKeys.Job(jobId)) },
            ProjectionExpression = "pk, sk",
            ConsistentRead = true,
        };
        await foreach (var item in QueryAllAsync(request, cancellationToken))
        {
            keys.Add(item);
            if (keys.Count == 25)
            {
                await DeleteItemsAsync(keys, cancellationToken);
                keys.Clear();
            }
        }

        if (keys.Count > 0)
        {
            await DeleteItemsAsync(keys, cancellationToken);
        }

        // The counter shards live under partition keys of their own (deleting one never written is a no-op).
        await DeleteItemsAsync(
            [.. Enumerable.Range(0, CounterShards).Select(shard => Key(ControlTableKeys.CounterPartition(jobId, shard), ControlTableKeys.Counter(shard)))],
            cancellationToken);
    }
}
