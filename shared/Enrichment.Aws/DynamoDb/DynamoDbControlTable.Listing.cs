using System.Runtime.CompilerServices;
using Amazon.DynamoDBv2.Model;
using static Enrichment.Aws.DynamoDb.AttributeValues;

namespace Enrichment.Aws.DynamoDb;

/// <summary>Reading the job's items: single items, paged queries, and the batched deletes of a job.</summary>
public sealed partial class DynamoDbControlTable
{
    public async Task<BatchEntry?> GetBatchAsync(string jobId, int batchIndex, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batchIndex);
        if (batchIndex > MaxBatchIndex)
        {
            return null;
        }

        var item = await GetItemAsync(ControlTableKeys.Job(jobId), ControlTableKeys.Batch(batchIndex), cancellationToken);
        return item is null ? null : BatchItemMapper.FromItem(item);
    }

    public async IAsyncEnumerable<BatchEntry> ListBatchesAsync(string jobId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in QueryAllAsync(PrefixQuery(jobId, ControlTableKeys.BatchPrefix), cancellationToken))
        {
            yield return BatchItemMapper.FromItem(item);
        }
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

    private Task DeleteItemsAsync(List<Dictionary<string, AttributeValue>> keys, CancellationToken cancellationToken) =>
        _batches.WriteAsync(
            keys.Select(key => new WriteRequest { DeleteRequest = new DeleteRequest { Key = key } }).ToList(),
            "control table deletes",
            cancellationToken);

    private static Dictionary<string, AttributeValue> Key(string pk, string sk) => new()
    {
        [ControlTableKeys.PartitionKey] = S(pk),
        [ControlTableKeys.SortKey] = S(sk),
    };
}
