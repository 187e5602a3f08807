using Amazon.DynamoDBv2.Model;
using static Enrichment.Aws.DynamoDb.AttributeValues;

namespace Enrichment.Aws.DynamoDb;

/// <summary>The control table's idempotency keys: one item per client key, holding the job that claimed it.</summary>
public sealed partial class DynamoDbControlTable
{
    public async Task<string> ClaimIdempotencyKeyAsync(string key, string jobId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        var pk = ControlTableKeys.Idempotency(key);
        for (var round = 0; round < MaxCommitRounds; round++)
        {
            var now = _time.GetUtcNow();
            // TTL deletion lags by up to two days, so an expired claim is taken over explicitly.
            var claimed = await TryPutAsync(
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
            if (claimed)
            {
                return jobId;
            }

            var holder = await GetItemAsync(pk, ControlTableKeys.IdempotencySortKey, cancellationToken);
            if (holder is not null && holder.GetLong(ControlTableKeys.ExpiresAt) > now.ToUnixTimeSeconds())
            {
                return holder.RequireString("jobId");
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
}
