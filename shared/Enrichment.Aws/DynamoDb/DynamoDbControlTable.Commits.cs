using Amazon.DynamoDBv2.Model;

namespace Enrichment.Aws.DynamoDb;

/// <summary>
/// Batch commits: <see cref="BatchCommitRule"/> decides, and one TransactWriteItems applies the decision
/// (the batch item, its counter shard) on the condition that neither the job item nor the batch item
/// changed since they were read.
/// </summary>
public sealed partial class DynamoDbControlTable
{
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

        // The first round assumes the batch is new (the common case) and saves reading it; a failed
        // condition sends every later round through a fresh read of both items.
        var readBatch = false;
        for (var round = 0; round < MaxCommitRounds; round++)
        {
            var jobItemTask = GetItemAsync(ControlTableKeys.Job(jobId), ControlTableKeys.MetaSortKey, cancellationToken);
            var storedItem = readBatch
                ? await GetItemAsync(ControlTableKeys.Job(jobId), ControlTableKeys.Batch(result.BatchIndex), cancellationToken)
                : null;
            var jobItem = await jobItemTask;
            var job = jobItem is null ? null : JobItemMapper.FromItem(jobItem);
            var stored = storedItem is null ? null : BatchItemMapper.FromItem(storedItem);
            var decision = BatchCommitRule.Decide(job, stored, result, _time.GetUtcNow());
            if (decision is not { Entry: { } entry, Deltas: { } deltas } || jobItem is null)
            {
                return decision.Outcome;
            }

            if (await TryTransactAsync(CommitTransaction(jobId, jobItem, storedItem, entry, deltas), cancellationToken))
            {
                return decision.Outcome;
            }

            readBatch = true;
        }

        throw new InvalidOperationException(
            $"Batch {result.BatchIndex} of job {jobId} could not be committed after {MaxCommitRounds} rounds of concurrent changes.");
    }

    /// <summary>
    /// The decision as one transaction: the job item still in the state and attempt it was read in, the
    /// batch item still absent or in the status and attempt it was read in (every move of the rule
    /// changes one of them), then the new batch item and its counter shard's deltas.
    /// </summary>
    private List<TransactWriteItem> CommitTransaction(
        string jobId,
        Dictionary<string, AttributeValue> jobItem,
        Dictionary<string, AttributeValue>? storedItem,
        BatchEntry entry,
        BatchCommitDeltas deltas)
    {
        var put = new Put
        {
            TableName = _tableName,
            Item = BatchItemMapper.ToItem(jobId, entry, entry.UpdatedAt + _itemRetention),
        };
        if (storedItem is null)
        {
            put.ConditionExpression = "attribute_not_exists(pk)";
        }
        else
        {
            var hasAttempt = storedItem.ContainsKey(BatchItemMapper.Attempt);
            put.ConditionExpression = hasAttempt
                ? "#status = :status AND #attempt = :attempt"
                : "#status = :status AND attribute_not_exists(#attempt)";
            put.ExpressionAttributeNames = new Dictionary<string, string> { ["#status"] = BatchItemMapper.Status, ["#attempt"] = BatchItemMapper.Attempt };
            put.ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":status"] = storedItem[BatchItemMapper.Status] };
            if (hasAttempt)
            {
                put.ExpressionAttributeValues[":attempt"] = storedItem[BatchItemMapper.Attempt];
            }
        }

        // A job item written before attempts existed has none; its condition is that it still has none.
        var jobHasAttempt = jobItem.TryGetValue(JobItemMapper.Attempt, out var jobAttempt);
        var jobValues = new Dictionary<string, AttributeValue> { [":state"] = jobItem[JobItemMapper.State] };
        if (jobHasAttempt)
        {
            jobValues[":attempt"] = jobAttempt!;
        }

        return
        [
            new TransactWriteItem
            {
                ConditionCheck = new ConditionCheck
                {
                    TableName = _tableName,
                    Key = Key(ControlTableKeys.Job(jobId), ControlTableKeys.MetaSortKey),
                    ConditionExpression = jobHasAttempt ? "#state = :state AND #attempt = :attempt" : "#state = :state AND attribute_not_exists(#attempt)",
                    ExpressionAttributeNames = new Dictionary<string, string> { ["#state"] = JobItemMapper.State, ["#attempt"] = JobItemMapper.Attempt },
                    ExpressionAttributeValues = jobValues,
                },
            },
            new TransactWriteItem { Put = put },
            CounterUpdate(jobId, entry.BatchIndex, entry.UpdatedAt, deltas),
        ];
    }

    /// <summary>True when applied; false when a condition failed (the batch or the job changed since it was read).</summary>
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
}
