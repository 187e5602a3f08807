using Amazon.DynamoDBv2.Model;
using static Enrichment.Aws.DynamoDb.AttributeValues;

namespace Enrichment.Aws.DynamoDb;

/// <summary>The job's counters: 16 shard items, each under its own partition key, summed on read; each commit adds to one of them.</summary>
public sealed partial class DynamoDbControlTable
{
    public async Task<JobProgress> GetProgressAsync(string jobId, CancellationToken cancellationToken)
    {
        long done = 0, failed = 0, ok = 0, invalid = 0, error = 0;
        DateTimeOffset? lastCommit = null;
        Dictionary<string, long>? counters = null;
        var shards = await Task.WhenAll(Enumerable.Range(0, CounterShards).Select(shard => GetItemAsync(
            ControlTableKeys.CounterPartition(jobId, shard), ControlTableKeys.Counter(shard), cancellationToken)));
        foreach (var shard in shards)
        {
            if (shard is not null)
            {
                Add(shard);
            }
        }

        // Shards of the job's own partition key, written before each shard had its own: a job that
        // was running when this version was deployed keeps the counts it had.
        await foreach (var shard in QueryAllAsync(PrefixQuery(jobId, ControlTableKeys.CounterPrefix), cancellationToken))
        {
            Add(shard);
        }

        return new JobProgress(checked((int)done), checked((int)failed), ok, invalid, error, lastCommit, counters);

        void Add(Dictionary<string, AttributeValue> shard)
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
    }

    /// <summary>
    /// Adds a commit's deltas to the batch's counter shard, the named counters as attributes "ctr:{name}"
    /// (names go through placeholders, so ':' and '.' need no escaping).
    /// </summary>
    private TransactWriteItem CounterUpdate(string jobId, int batchIndex, DateTimeOffset now, BatchCommitDeltas deltas)
    {
        var expression = new StringBuilder(
            "ADD batchesDone :done, batchesFailed :failed, recordsOk :ok, recordsInvalid :invalid, recordsError :error");
        var values = new Dictionary<string, AttributeValue>
        {
            [":done"] = N(deltas.BatchesDone),
            [":failed"] = N(deltas.BatchesFailed),
            [":ok"] = N(deltas.RecordsOk),
            [":invalid"] = N(deltas.RecordsInvalid),
            [":error"] = N(deltas.RecordsError),
            [":now"] = Time(now),
            [":expires"] = Epoch(now + _itemRetention),
        };
        Dictionary<string, string>? names = null;
        var index = 0;
        foreach (var (name, value) in deltas.Counters)
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
                Key = Key(ControlTableKeys.CounterPartition(jobId, batchIndex % CounterShards), ControlTableKeys.Counter(batchIndex % CounterShards)),
                UpdateExpression = expression.ToString(),
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
            },
        };
    }
}
