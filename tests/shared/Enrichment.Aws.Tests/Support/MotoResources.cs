using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Enrichment.Aws.Tests.Support;

/// <summary>Creates the resources Terraform would (table with TTL, queue, bucket) with the SDK's admin calls.</summary>
internal static class MotoResources
{
    public static async Task<string> CreateControlTableAsync(IAmazonDynamoDB client)
    {
        var name = MotoClients.UniqueName("control");
        await client.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions =
            [
                new AttributeDefinition("pk", ScalarAttributeType.S),
                new AttributeDefinition("sk", ScalarAttributeType.S),
            ],
            KeySchema =
            [
                new KeySchemaElement("pk", KeyType.HASH),
                new KeySchemaElement("sk", KeyType.RANGE),
            ],
        });
        await client.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
        {
            TableName = name,
            TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = "expiresAt", Enabled = true },
        });
        return name;
    }

    public static async Task<string> CreateQueueAsync(IAmazonSQS client, int visibilityTimeoutSeconds = 30)
    {
        var response = await client.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = MotoClients.UniqueName("batches"),
            Attributes = new Dictionary<string, string> { ["VisibilityTimeout"] = visibilityTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        });
        return response.QueueUrl;
    }

    public static async Task<string> CreateBucketAsync(IAmazonS3 client)
    {
        var name = MotoClients.UniqueName("enrichment");
        await client.PutBucketAsync(new PutBucketRequest { BucketName = name });
        return name;
    }

    /// <summary>Receives and deletes message bodies until <paramref name="expected"/> arrived or the time is up.</summary>
    public static async Task<List<string>> DrainAsync(IAmazonSQS client, string queueUrl, int expected, TimeSpan timeout)
    {
        var bodies = new List<string>();
        var deadline = DateTime.UtcNow + timeout;
        for (var round = 0; round < 500 && bodies.Count < expected && DateTime.UtcNow < deadline; round++)
        {
            var response = await client.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = queueUrl,
                MaxNumberOfMessages = 10,
                WaitTimeSeconds = 1,
            });
            var messages = response.Messages ?? [];
            if (messages.Count == 0)
            {
                continue;
            }

            bodies.AddRange(messages.Select(message => message.Body));
            await client.DeleteMessageBatchAsync(new DeleteMessageBatchRequest
            {
                QueueUrl = queueUrl,
                Entries = messages.Select((message, i) => new DeleteMessageBatchRequestEntry("d" + i, message.ReceiptHandle)).ToList(),
            });
        }

        return bodies;
    }
}
