using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Enrichment.Core.Jobs;
using Enrichment.Core.Ports;
using Polly;
using Polly.Retry;
using static Enrichment.Aws.DynamoDb.AttributeValues;

namespace Enrichment.Aws.DynamoDb;

/// <summary>
/// The control table on DynamoDB: one table, string keys pk/sk, a TTL attribute <c>expiresAt</c>
/// (epoch seconds) on every item.
/// <list type="bullet">
/// <item>pk=JOB#{id}, sk=META: the job.</item>
/// <item>pk=JOB#{id}, sk=BATCH#{index:D6}: one per finished batch, with the attempt last counted for it
/// (rewritten only by the moves of <see cref="IControlTable.CommitBatchAsync"/>).</item>
/// <item>pk=JOB#{id}, sk=COUNTER#{shard:D2}: counter shards; a batch always adds to shard index % 16. The
/// named job counters of <see cref="BatchResult.Counters"/> are attributes "ctr:{name}" of the same items.</item>
/// <item>pk=JOB#{id}, sk=ANSWER#{provider}#{key}: paid providers' answers shared by the job's batches
/// (written and read by <see cref="DynamoDbProviderAnswerCache"/>, deleted with the job).</item>
/// <item>pk=IDEMPOTENCY#{sha256(key)}, sk=IDEMPOTENCY: which job holds a client's idempotency key.</item>
/// </list>
/// Exactly-once accounting: the batch item and its counter shard change in one TransactWriteItems,
/// the batch item's Put being conditional on the state read before it (absent, or the stored status
/// and attempt, which together identify every state a batch item passes through), so a second
/// delivery (or a racing worker or revision) fails the condition and changes nothing.
/// <para>
/// Write limits. DynamoDB serves at most 1,000 WCU/s per item and per partition. Each commit costs
/// about 4 WCU (a transactional write costs twice: the ~0.5 KB batch item plus the shard update).
/// Sharding the counters 16 ways keeps any single item far below its limit: even 1,000 commits/s
/// (100,000 records/s, far beyond what the worker's bounded concurrency produces) puts ~63 commits/s
/// (~125 WCU/s) on each shard, and no other item is written more than twice per batch. The whole job
/// shares one partition key, so the item collection starts on one partition: the commit rate is
/// bounded by the worker's maximum concurrency (the SQS event source's maximum_concurrency) times
/// its batch rate, which keeps a job at a few hundred WCU/s; past that, DynamoDB's split-for-heat
/// splits the collection by sort key (the table has no LSI, so it can), spreading the distinct
/// BATCH#/COUNTER# items across partitions. A 1,000,000-record job is 10,000 commits in total,
/// i.e. ~40,000 WCU spread over its run time, never a hot item.
/// </para>
/// </summary>
public sealed class DynamoDbControlTable : IControlTable
{
    public const int CounterShards = 16;

    /// <summary>
    /// Named counters a single commit may add. Each costs ~13 characters of the 4 KB update expression;
    /// 128 leaves room and stays inside what moto's expression evaluator can recurse through (it fails
    /// near 200), so the limit is tested as it runs. A job of several providers needs a few dozen.
    /// </summary>
    public const int MaxCountersPerCommit = 128;

    private const string Status = "status";
    private const string Attempt = "attempt";
    private const string CounterAttributePrefix = "ctr:";
    private const string StatusDone = "done";
    private const string StatusFailed = "failed";
    private const int MaxCommitRounds = 8;
    private const int MaxBatchIndex = 999_999;

    private readonly IAmazonDynamoDB _client;
    private readonly string _tableName;
    private readonly TimeSpan _itemRetention;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline _transientRetry;

    /// <param name="itemRetention">
    /// TTL of batch, counter items (their commit time plus this); the job item carries its own
    /// <see cref="JobRecord.ExpiresAt"/>.
    /// </param>
    public DynamoDbControlTable(IAmazonDynamoDB client, string tableName, TimeSpan itemRetention, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _client = client;
        _tableName = tableName;
        _itemRetention = itemRetention;
        _time = timeProvider;
        _transientRetry = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                // Concurrent commits to one counter shard cancel each other's transactions with
                // TransactionConflict; nothing was written, so trying again is safe.
                ShouldHandle = new PredicateBuilder()
                    .Handle<TransactionCanceledException>(IsTransientCancellation)
                    .Handle<TransactionConflictException>()
                    .Handle<ProvisionedThroughputExceededException>()
                    .Handle<RequestLimitExceededException>()
                    .Handle<InternalServerErrorException>(),
                MaxRetryAttempts = 8,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(25),
                MaxDelay = TimeSpan.FromSeconds(2),
            })
            .Build();
    }

    /// <summary>Items per Query page; null lets DynamoDB fill its 1 MB pages. Tests set it small to force paging.</summary>
    internal int? QueryPageSize { get; set; }

    public async Task<bool> TryCreateJobAsync(JobRecord job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        try
        {
            await _client.PutItemAsync(
                new PutItemRequest
                {
                    TableName = _tableName,
                    Item = JobItemMapper.ToItem(job),
                    ConditionExpression = "attribute_not_exists(pk)",
                },
                cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    public async Task<JobRecord?> GetJobAsync(string jobId, CancellationToken cancellationToken)
    {
        var item = await GetItemAsync(ControlTableKeys.Job(jobId), ControlTableKeys.MetaSortKey, cancellationToken);
        return item is null ? null : JobItemMapper.FromItem(item);
    }

    public async Task<bool> TryUpdateJobAsync(JobRecord job, JobState expected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        try
        {
            await _client.PutItemAsync(
                new PutItemRequest
                {
                    TableName = _tableName,
                    Item = JobItemMapper.ToItem(job),
                    ConditionExpression = "#state = :expected",
                    ExpressionAttributeNames = new Dictionary<string, string> { ["#state"] = JobItemMapper.State },
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":expected"] = S(expected.ToWire()) },
                },
                cancellationToken);
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
    }

    public async Task<CommitOutcome> CommitBatchAsync(string jobId, BatchResult result, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentOutOfRangeException.ThrowIfNegative(result.BatchIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(result.BatchIndex, MaxBatchIndex);
        if (result.Counters is { Count: > MaxCountersPerCommit } counters)
        {
            throw new ArgumentException($"A batch result carries {counters.Count} counters; at most {MaxCountersPerCommit} fit one commit.", nameof(result));
        }

        Dictionary<string, AttributeValue>? existing = null;
        for (var round = 0; round < MaxCommitRounds; round++)
        {
            if (existing is null)
            {
                if (await TryTransactAsync(NewBatchTransaction(jobId, result), cancellationToken))
                {
                    return CommitOutcome.Counted;
                }

                existing = await GetItemAsync(ControlTableKeys.Job(jobId), ControlTableKeys.Batch(result.BatchIndex), cancellationToken);
                if (existing is null)
                {
                    continue;
                }
            }

            if (NextBatchTransaction(jobId, result, existing) is not { } transaction)
            {
                return CommitOutcome.AlreadyCounted;
            }

            if (await TryTransactAsync(transaction, cancellationToken))
            {
                return CommitOutcome.Counted;
            }

            existing = await GetItemAsync(ControlTableKeys.Job(jobId), ControlTableKeys.Batch(result.BatchIndex), cancellationToken);
        }

        throw new InvalidOperationException(
            $"Batch {result.BatchIndex} of job {jobId} could not be committed after {MaxCommitRounds} rounds of concurrent changes.");
    }

    public async Task<BatchEntry?> GetBatchAsync(string jobId, int batchIndex, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batchIndex);
        if (batchIndex > MaxBatchIndex)
        {
            return null;
        }

        var item = await GetItemAsync(ControlTableKeys.Job(jobId), ControlTableKeys.Batch(batchIndex), cancellationToken);
        return item is null ? null : ToEntry(item);
    }

    public async Task<JobProgress> GetProgressAsync(string jobId, CancellationToken cancellationToken)
    {
        long done = 0, failed = 0, ok = 0, invalid = 0, error = 0;
        DateTimeOffset? lastCommit = null;
        Dictionary<string, long>? counters = null;
        var request = PrefixQuery(jobId, ControlTableKeys.CounterPrefix);
        await foreach (var shard in QueryAllAsync(request, cancellationToken))
        {
            done += shard.GetLong("batchesDone");
            failed += shard.GetLong("batchesFailed");
            ok += shard.GetLong("recordsOk");
            invalid += shard.GetLong("recordsInvalid");
            error += shard.GetLong("recordsError");
            if (shard.GetTime("lastCommitAt") is { } at && (lastCommit is null || at > lastCommit))
            {
                lastCommit = at;
            }

            foreach (var (attribute, value) in shard)
            {
                if (attribute.StartsWith(CounterAttributePrefix, StringComparison.Ordinal) && value.N is not null)
                {
                    counters ??= new Dictionary<string, long>(StringComparer.Ordinal);
                    var name = attribute[CounterAttributePrefix.Length..];
                    counters[name] = counters.GetValueOrDefault(name) + shard.GetLong(attribute);
                }
            }
        }

        return new JobProgress(checked((int)done), checked((int)failed), ok, invalid, error, lastCommit, counters);
    }

    public async IAsyncEnumerable<BatchEntry> ListBatchesAsync(string jobId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in QueryAllAsync(PrefixQuery(jobId, ControlTableKeys.BatchPrefix), cancellationToken))
        {
            yield return ToEntry(item);
        }
    }

    public async Task<string> ClaimIdempotencyKeyAsync(string key, string jobId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        var pk = ControlTableKeys.Idempotency(key);
        for (var round = 0; round < MaxCommitRounds; round++)
        {
            var now = _time.GetUtcNow();
            try
            {
                // TTL deletion lags by up to two days, so an expired claim is taken over explicitly.
                await _client.PutItemAsync(
                    new PutItemRequest
                    {
                        TableName = _tableName,
                        Item = new Dictionary<string, AttributeValue>
                        {
                            [ControlTableKeys.PartitionKey] = S(pk),
                            [ControlTableKeys.SortKey] = S(ControlTableKeys.IdempotencySortKey),
                            ["jobId"] = S(jobId),
                            [ControlTableKeys.ExpiresAt] = Epoch(expiresAt),
                        },
                        ConditionExpression = "attribute_not_exists(pk) OR expiresAt <= :now",
                        ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":now"] = Epoch(now) },
                    },
                    cancellationToken);
                return jobId;
            }
            catch (ConditionalCheckFailedException)
            {
                var holder = await GetItemAsync(pk, ControlTableKeys.IdempotencySortKey, cancellationToken);
                if (holder is not null && holder.GetLong(ControlTableKeys.ExpiresAt) > now.ToUnixTimeSeconds())
                {
                    return holder.RequireString("jobId");
                }
            }
        }

        throw new InvalidOperationException("The idempotency key could not be claimed: it kept changing hands.");
    }

    public async Task ReleaseIdempotencyKeyAsync(string key, string jobId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        try
        {
            await _client.DeleteItemAsync(
                new DeleteItemRequest
                {
                    TableName = _tableName,
                    Key = Key(ControlTableKeys.Idempotency(key), ControlTableKeys.IdempotencySortKey),
                    ConditionExpression = "jobId = :jobId",
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":jobId"] = S(jobId) },
                },
                cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // Held by another job (or gone): not ours to release.
        }
    }

    private List<TransactWriteItem> NewBatchTransaction(string jobId, BatchResult result)
    {
        var done = result.Status == BatchStatus.Done;
        return
        [
            new TransactWriteItem
            {
                Put = new Put
                {
                    TableName = _tableName,
                    Item = BatchItem(jobId, result),
                    ConditionExpression = "attribute_not_exists(pk)",
                },
            },
            CounterUpdate(jobId, result, done ? 1 : 0, done ? 0 : 1, result.Ok, result.Invalid, result.Error),
        ];
    }

    /// <summary>
    /// The move from the stored batch item to <paramref name="result"/> (the rules of
    /// <see cref="IControlTable.CommitBatchAsync"/>), or null when the result is a duplicate.
    /// </summary>
    private List<TransactWriteItem>? NextBatchTransaction(string jobId, BatchResult result, Dictionary<string, AttributeValue> stored)
    {
        var storedAttempt = stored.GetLong(Attempt);
        var failedBefore = stored.GetString(Status) == StatusFailed;
        var done = result.Status == BatchStatus.Done;
        Dictionary<string, AttributeValue> item;
        long batchesDone = 0, batchesFailed = 0;
        if (failedBefore && done && result.Attempt >= storedAttempt)
        {
            item = BatchItem(jobId, result);
            (batchesDone, batchesFailed) = (1, -1);
        }
        else if (done && result.Attempt > storedAttempt)
        {
            // A revision: the retry re-ran the batch's error rows.
            item = BatchItem(jobId, result);
        }
        else if (result.Attempt > storedAttempt)
        {
            // The retry failed: the batch keeps its status and counts; a failed one takes the new reason.
            item = KeptBatchItem(stored, result, failedBefore);
        }
        else
        {
            return null;
        }

        return
        [
            new TransactWriteItem
            {
                Put = new Put
                {
                    TableName = _tableName,
                    Item = item,
                    ConditionExpression = stored.ContainsKey(Attempt)
                        ? "#status = :status AND #attempt = :attempt"
                        : "#status = :status AND attribute_not_exists(#attempt)",
                    ExpressionAttributeNames = new Dictionary<string, string> { ["#status"] = Status, ["#attempt"] = Attempt },
                    ExpressionAttributeValues = stored.ContainsKey(Attempt)
                        ? new Dictionary<string, AttributeValue> { [":status"] = stored[Status], [":attempt"] = N(storedAttempt) }
                        : new Dictionary<string, AttributeValue> { [":status"] = stored[Status] },
                },
            },
            CounterUpdate(
                jobId,
                result,
                batchesDone,
                batchesFailed,
                ok: item.GetLong("ok") - stored.GetLong("ok"),
                invalid: item.GetLong("invalid") - stored.GetLong("invalid"),
                error: item.GetLong("error") - stored.GetLong("error")),
        ];
    }

    private Dictionary<string, AttributeValue> BatchItem(string jobId, BatchResult result)
    {
        var now = _time.GetUtcNow();
        var item = new Dictionary<string, AttributeValue>
        {
            [ControlTableKeys.PartitionKey] = S(ControlTableKeys.Job(jobId)),
            [ControlTableKeys.SortKey] = S(ControlTableKeys.Batch(result.BatchIndex)),
            [ControlTableKeys.ExpiresAt] = Epoch(now + _itemRetention),
            ["batchIndex"] = N(result.BatchIndex),
            [Status] = S(result.Status == BatchStatus.Done ? StatusDone : StatusFailed),
            ["records"] = N(result.Records),
            ["ok"] = N(result.Ok),
            ["invalid"] = N(result.Invalid),
            ["error"] = N(result.Error),
            [Attempt] = N(result.Attempt),
            ["updatedAt"] = Time(now),
        };
        if (result.Reason is { } reason)
        {
            item["reason"] = S(reason);
        }

        return item;
    }

    /// <summary>The stored item at the result's attempt, with its status and counts unchanged.</summary>
    private Dictionary<string, AttributeValue> KeptBatchItem(Dictionary<string, AttributeValue> stored, BatchResult result, bool failed)
    {
        var now = _time.GetUtcNow();
        var item = new Dictionary<string, AttributeValue>(stored)
        {
            [ControlTableKeys.ExpiresAt] = Epoch(now + _itemRetention),
            [Attempt] = N(result.Attempt),
            ["updatedAt"] = Time(now),
        };
        if (failed)
        {
            item.Remove("reason");
            if (result.Reason is { } reason)
            {
                item["reason"] = S(reason);
            }
        }

        return item;
    }

    private static BatchEntry ToEntry(Dictionary<string, AttributeValue> item) => new(
        checked((int)item.GetLong("batchIndex")),
        item.GetString(Status) == StatusDone ? BatchStatus.Done : BatchStatus.Failed,
        checked((int)item.GetLong("records")),
        item.GetString("reason"),
        item.GetTime("updatedAt") ?? DateTimeOffset.MinValue,
        checked((int)item.GetLong("ok")),
        checked((int)item.GetLong("invalid")),
        checked((int)item.GetLong("error")),
        checked((int)item.GetLong(Attempt)));

    /// <summary>
    /// Adds to the batch's counter shard: batch and record deltas, and the result's named counters as
    /// attributes "ctr:{name}" (names go through placeholders, so ':' and '.' need no escaping).
    /// </summary>
    private TransactWriteItem CounterUpdate(
        string jobId, BatchResult result, long batchesDone, long batchesFailed, long ok, long invalid, long error)
    {
        var now = _time.GetUtcNow();
        var expression = new StringBuilder(
            "ADD batchesDone :done, batchesFailed :failed, recordsOk :ok, recordsInvalid :invalid, recordsError :error");
        var values = new Dictionary<string, AttributeValue>
        {
            [":done"] = N(batchesDone),
            [":failed"] = N(batchesFailed),
            [":ok"] = N(ok),
            [":invalid"] = N(invalid),
            [":error"] = N(error),
            [":now"] = Time(now),
            [":expires"] = Epoch(now + _itemRetention),
        };
        Dictionary<string, string>? names = null;
        var index = 0;
        foreach (var (name, value) in result.Counters ?? new Dictionary<string, long>())
        {
            names ??= [];
            var placeholder = index.ToString(CultureInfo.InvariantCulture);
            names["#c" + placeholder] = CounterAttributePrefix + name;
            values[":c" + placeholder] = N(value);
            expression.Append(", #c").Append(placeholder).Append(" :c").Append(placeholder);
            index++;
        }

        expression.Append(" SET lastCommitAt = :now, expiresAt = :expires");
        return new TransactWriteItem
        {
            Update = new Update
            {
                TableName = _tableName,
                Key = Key(ControlTableKeys.Job(jobId), ControlTableKeys.Counter(result.BatchIndex % CounterShards)),
                UpdateExpression = expression.ToString(),
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
            },
        };
    }

    /// <summary>True when applied; false when a condition failed (the batch was counted already or changed).</summary>
    private async Task<bool> TryTransactAsync(List<TransactWriteItem> items, CancellationToken cancellationToken)
    {
        try
        {
            await _transientRetry.ExecuteAsync(
                static async (state, token) => await state.Client.TransactWriteItemsAsync(
                    new TransactWriteItemsRequest { TransactItems = state.Items }, token),
                (Client: _client, Items: items),
                cancellationToken);
            return true;
        }
        catch (TransactionCanceledException exception) when (IsConditionFailure(exception))
        {
            return false;
        }
    }

    private static bool IsConditionFailure(TransactionCanceledException exception) =>
        exception.CancellationReasons is { Count: > 0 } reasons
            ? reasons.Any(reason => reason.Code == "ConditionalCheckFailed")
            : exception.Message.Contains("ConditionalCheckFailed", StringComparison.Ordinal);

    private static bool IsTransientCancellation(TransactionCanceledException exception)
    {
        if (IsConditionFailure(exception))
        {
            return false;
        }

        string[] transient = ["TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded"];
        return exception.CancellationReasons is { Count: > 0 } reasons
            ? reasons.Any(reason => transient.Contains(reason.Code))
            : transient.Any(code => exception.Message.Contains(code, StringComparison.Ordinal));
    }

    private QueryRequest PrefixQuery(string jobId, string prefix) => new()
    {
        TableName = _tableName,
        KeyConditionExpression = "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues = new Dictionary<string, AttributeValue>
        {
            [":pk"] = S(ControlTableKeys.Job(jobId)),
            [":prefix"] = S(prefix),
        },
        ConsistentRead = true,
    };

    /// <summary>Every item of a query, following LastEvaluatedKey (a page stops at 1 MB or the page size).</summary>
    private async IAsyncEnumerable<Dictionary<string, AttributeValue>> QueryAllAsync(
        QueryRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        request.Limit = QueryPageSize;
        while (true)
        {
            var response = await _client.QueryAsync(request, cancellationToken);
            foreach (var item in response.Items ?? [])
            {
                yield return item;
            }

            if (response.LastEvaluatedKey is not { Count: > 0 } next)
            {
                yield break;
            }

            request.ExclusiveStartKey = next;
        }
    }

    private async Task<Dictionary<string, AttributeValue>?> GetItemAsync(string pk, string sk, CancellationToken cancellationToken)
    {
        var response = await _client.GetItemAsync(
            new GetItemRequest { TableName = _tableName, Key = Key(pk, sk), ConsistentRead = true },
            cancellationToken);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    private async Task DeleteItemsAsync(List<Dictionary<string, AttributeValue>> keys, CancellationToken cancellationToken)
    {
        var pending = new Dictionary<string, List<WriteRequest>>
        {
            [_tableName] = keys.Select(key => new WriteRequest { DeleteRequest = new DeleteRequest { Key = key } }).ToList(),
        };
        var retry = new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<UnprocessedItemsException>(),
                MaxRetryAttempts = 6,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(50),
            })
            .Build();
        await retry.ExecuteAsync(
            async token =>
            {
                var response = await _client.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = pending }, token);
                if (response.UnprocessedItems is { Count: > 0 } unprocessed && unprocessed.Values.Any(list => list.Count > 0))
                {
                    pending = unprocessed;
                    throw new UnprocessedItemsException(unprocessed.Values.Sum(list => list.Count));
                }
            },
            cancellationToken);
    }

    private static Dictionary<string, AttributeValue> Key(string pk, string sk) => new()
    {
        [ControlTableKeys.PartitionKey] = S(pk),
        [ControlTableKeys.SortKey] = S(sk),
    };

    /// <summary>BatchWriteItem left items unprocessed (throttling); thrown to drive the retry.</summary>
    private sealed class UnprocessedItemsException(int count)
        : Exception(string.Create(CultureInfo.InvariantCulture, $"{count} control table deletes were left unprocessed."));
}
