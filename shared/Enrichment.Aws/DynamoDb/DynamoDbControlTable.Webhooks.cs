using Amazon.DynamoDBv2.Model;
using static Enrichment.Aws.DynamoDb.AttributeValues;

namespace Enrichment.Aws.DynamoDb;

public sealed partial class DynamoDbControlTable
{
    /// <summary>
    /// An UpdateItem of the delivery attributes alone, so it never undoes another writer's change to the
    /// job (the webhook function's role may update the item, not replace it).
    /// </summary>
    public async Task<bool> RecordWebhookAsync(string jobId, WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var attributes = JobItemMapper.DeliveryAttributes(delivery).ToList();
        var names = new Dictionary<string, string>();
        var values = new Dictionary<string, AttributeValue>();
        var sets = new List<string>();
        for (var i = 0; i < attributes.Count; i++)
        {
            names[$"#a{i}"] = attributes[i].Key;
            values[$":v{i}"] = attributes[i].Value;
            sets.Add($"#a{i} = :v{i}");
        }

        try
        {
            await _client.UpdateItemAsync(
                new UpdateItemRequest
                {
                    TableName = _tableName,
                    Key = new Dictionary<string, AttributeValue>
                    {
                        [ControlTableKeys.PartitionKey] = S(ControlTableKeys.Job(jobId)),
                        [ControlTableKeys.SortKey] = S(ControlTableKeys.MetaSortKey),
                    },
                    UpdateExpression = "SET " + string.Join(", ", sets),
                    ConditionExpression = "attribute_exists(pk)",
                    ExpressionAttributeNames = names,
                    ExpressionAttributeValues = values,
                },
                cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }
}
