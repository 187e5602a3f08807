using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using static Enrichment.Aws.DynamoDb.AttributeValues;

namespace Enrichment.Aws.DynamoDb;

/// <summary>
/// Job-wide provider answers as items of the control table, in the job's own partition:
/// pk=JOB#{id}, sk=ANSWER#{provider}#{key}, the answer, and the TTL attribute <c>expiresAt</c>
/// (epoch seconds, the job's expiry). Sharing the partition means the control table's job delete
/// removes them with the job; the control table's own reads select their sort-key prefixes, so
/// answers never show up as batches or counters.
/// <para>
/// TTL deletes lag by up to two days, so reads drop items whose <c>expiresAt</c> has passed. Reads
/// are eventually consistent (half the cost): an answer written a moment ago by another worker
/// may be missed, which costs one more provider call, never a wrong answer.
/// </para>
/// </summary>
/// <param name="maxUnprocessedRetries">Rounds of re-sending what DynamoDB left unprocessed (throttling) before giving up.</param>
public sealed class DynamoDbProviderAnswerCache(IAmazonDynamoDB client, string tableName, TimeProvider timeProvider, int maxUnprocessedRetries = UnprocessedRetry.DefaultRetries)
    : IProviderAnswerCache
{
    public const string AnswerPrefix = "ANSWER#";

    /// <summary>DynamoDB's limits per BatchGetItem and per BatchWriteItem.</summary>
    internal const int MaxKeysPerGet = 100;
    internal const int MaxItemsPerWrite = 25;

    private const string Answer = "answer";

    private readonly TimeProvider _time = timeProvider;

    // Every request of the cache is a batch, so the batch sender is all it keeps of the table.
    private readonly UnprocessedRetry _batches = new(client, tableName, timeProvider, maxUnprocessedRetries);

    public async Task<IReadOnlyDictionary<string, string>> GetManyAsync(string jobId, string provider, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        ArgumentException.ThrowIfNullOrEmpty(provider);
        ArgumentNullException.ThrowIfNull(keys);
        cancellationToken.ThrowIfCancellationRequested();

        // BatchGetItem rejects a request that names one key twice.
        var keyBySortKey = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            keyBySortKey.TryAdd(SortKey(provider, key), key);
        }

        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var pk = ControlTableKeys.Job(jobId);
        foreach (var chunk in keyBySortKey.Keys.Chunk(MaxKeysPerGet))
        {
            foreach (var item in await GetChunkAsync(pk, chunk, cancellationToken))
            {
                if (item.GetLong(ControlTableKeys.ExpiresAt) > now
                    && item.GetString(ControlTableKeys.SortKey) is { } sk
                    && keyBySortKey.TryGetValue(sk, out var key)
                    && item.GetString(Answer) is { } answer)
                {
                    found[key] = answer;
                }
            }
        }

        return found;
    }

    public async Task PutManyAsync(string jobId, string provider, IReadOnlyDictionary<string, string> answers, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        ArgumentException.ThrowIfNullOrEmpty(provider);
        ArgumentNullException.ThrowIfNull(answers);
        cancellationToken.ThrowIfCancellationRequested();

        var pk = S(ControlTableKeys.Job(jobId));
        var expires = Epoch(expiresAt);
        foreach (var chunk in answers.Chunk(MaxItemsPerWrite))
        {
            var writes = chunk.Select(entry => new WriteRequest
            {
                PutRequest = new PutRequest
                {
                    Item = new Dictionary<string, AttributeValue>
                    {
                        [ControlTableKeys.PartitionKey] = pk,
                        [ControlTableKeys.SortKey] = S(SortKey(provider, entry.Key)),
                        [Answer] = S(entry.Value),
                        [ControlTableKeys.ExpiresAt] = expires,
                    },
                },
            }).ToList();
            await _batches.WriteAsync(writes, "answer writes", cancellationToken);
        }
    }

    /// <summary>Keys are fixed-length hex, so the provider name and the key can never run into each other.</summary>
    internal static string SortKey(string provider, string key) => AnswerPrefix + provider + "#" + key;

    private async Task<List<Dictionary<string, AttributeValue>>> GetChunkAsync(string pk, string[] sortKeys, CancellationToken cancellationToken)
    {
        var pending = new KeysAndAttributes
        {
            Keys = sortKeys.Select(sk => new Dictionary<string, AttributeValue>
            {
                [ControlTableKeys.PartitionKey] = S(pk),
                [ControlTableKeys.SortKey] = S(sk),
            }).ToList(),
            ProjectionExpression = "#sk, #answer, #expires",
            ExpressionAttributeNames = new Dictionary<string, string>
            {
                ["#sk"] = ControlTableKeys.SortKey,
                ["#answer"] = Answer,
                ["#expires"] = ControlTableKeys.ExpiresAt,
            },
        };
        return await _batches.GetAsync(pending, "answer reads", cancellationToken);
    }
}
