using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Polly;

namespace Enrichment.Aws.DynamoDb;

/// <summary>
/// BatchWriteItem and BatchGetItem on one table, sending again what DynamoDB leaves unprocessed
/// (throttling) with exponential backoff, as AWS asks, for a bounded number of rounds. The control
/// table's deletes and the answer cache's reads and writes share it, so the rule lives in one place.
/// </summary>
internal sealed class UnprocessedRetry
{
    /// <summary>Rounds of re-sending before the batch fails (about 10 s of backoff in all, at most 2 s apart).</summary>
    public const int DefaultRetries = 8;

    private readonly IAmazonDynamoDB _client;
    private readonly string _tableName;
    private readonly ResiliencePipeline _retry;

    public UnprocessedRetry(IAmazonDynamoDB client, string tableName, TimeProvider timeProvider, int maxRetries = DefaultRetries)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetries);
        _client = client;
        _tableName = tableName;
        _retry = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(AwsBackoff.Retry(
                new PredicateBuilder().Handle<UnprocessedException>(), maxRetries, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(2)))
            .Build();
    }

    /// <summary>Writes (at most 25) until none is left unprocessed; <paramref name="what"/> names them in the error ("answer writes").</summary>
    public async Task WriteAsync(List<WriteRequest> writes, string what, CancellationToken cancellationToken)
    {
        var pending = writes;
        await _retry.ExecuteAsync(
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
                    throw new UnprocessedException(left.Count, what);
                }
            },
            cancellationToken);
    }

    /// <summary>Reads the keys (at most 100) until none is left unprocessed; the items found, in no particular order.</summary>
    public async Task<List<Dictionary<string, AttributeValue>>> GetAsync(KeysAndAttributes keys, string what, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>(keys.Keys.Count);
        var pending = keys;
        await _retry.ExecuteAsync(
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
                    throw new UnprocessedException(leftKeys.Count, what);
                }
            },
            cancellationToken);
        return items;
    }

    /// <summary>
    /// DynamoDB left part of a batch request unprocessed; thrown to drive the retry and, once the
    /// retries are spent, to the caller. Says how many, never which (keys derive from personal data).
    /// </summary>
    private sealed class UnprocessedException(int count, string what)
        : Exception(string.Create(CultureInfo.InvariantCulture, $"{count} {what} were left unprocessed."));
}
