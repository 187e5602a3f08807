using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Enrichment.Core.Ports;
using Polly;
using Polly.Retry;
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
public sealed class DynamoDbProviderAnswerCache : IProviderAnswerCache
{
    public const string AnswerPrefix = "ANSWER#";

    /// <summary>DynamoDB's limits per BatchGetItem and per BatchWriteItem.</summary>
    internal const int MaxKeysPerGet = 100;
    internal const int MaxItemsPerWrite = 25;

    private const string Answer = "answer";

    private readonly IAmazonDynamoDB _client;
    private readonly string _tableName;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline _unprocessedRetry;

    /// <param name="maxUnprocessedRetries">Rounds of re-sending what DynamoDB left unprocessed (throttling) before giving up.</param>
    public DynamoDbProviderAnswerCache(IAmazonDynamoDB client, string tableName, TimeProvider timeProvider, int maxUnprocessedRetries = 8)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfNegative(maxUnprocessedRetries);
        _client = client;
        _tableName = tableName;
        _time = timeProvider;
        _unprocessedRetry = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                // AWS asks for exponential backoff before re-sending unprocessed keys or items.
                ShouldHandle = new PredicateBuilder().Handle<UnprocessedException>(),
                MaxRetryAttempts = maxUnprocessedRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(50),
                MaxDelay = TimeSpan.FromSeconds(2),
            })
            .Build();
    }

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
            await WriteChunkAsync(writes, cancellationToken);
        }
    }

    /// <summary>Keys are fixed-length hex, so the provider name and the key can never run into each other.</summary>
    internal static string SortKey(string provider, string key) => AnswerPrefix + provider + "#" + key;

    private async Task<List<Dictionary<string, AttributeValue>>> GetChunkAsync(string pk, string[] sortKeys, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>(sortKeys.Length);
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
        await _unprocessedRetry.ExecuteAsync(
            async token =>
            {
                var response = await _client.BatchGetItemAsync(
                    new BatchGetItemRequest { RequestItems = new Dictionary<string, KeysAndAttributes> { [_tableName] = pending } },
                    token);
                if (response.Responses is { } responses && responses.TryGetValue(_tableName, out var returned) && returned is not null)
                {
                    items.AddRange(returned);
                }

                if (response.UnprocessedKeys is { } unprocessed
                    && unprocessed.TryGetValue(_tableName, out var left)
                    && left?.Keys is { Count: > 0 } leftKeys)
                {
                    pending = left;
                    throw new UnprocessedException(string.Create(CultureInfo.InvariantCulture, $"{leftKeys.Count} answer reads were left unprocessed."));
                }
            },
            cancellationToken);
        return items;
    }

    private async Task WriteChunkAsync(List<WriteRequest> writes, CancellationToken cancellationToken)
    {
        var pending = writes;
        await _unprocessedRetry.ExecuteAsync(
            async token =>
            {
                var response = await _client.BatchWriteItemAsync(
                    new BatchWriteItemRequest { RequestItems = new Dictionary<string, List<WriteRequest>> { [_tableName] = pending } },
                    token);
                if (response.UnprocessedItems is { } unprocessed
                    && unprocessed.TryGetValue(_tableName, out var left)
                    && left is { Count: > 0 })
                {
                    pending = left;
                    throw new UnprocessedException(string.Create(CultureInfo.InvariantCulture, $"{left.Count} answer writes were left unprocessed."));
                }
            },
            cancellationToken);
    }

    /// <summary>
    /// DynamoDB left part of a batch request unprocessed (throttling); thrown to drive the retry and,
    /// once the retries are spent, to the caller. Says how many, never which (keys derive from personal data).
    /// </summary>
    private sealed class UnprocessedException(string message) : Exception(message);
}
