using System.Globalization;
using System.Text.Json;
using Enrichment.Core.Batching;
using Enrichment.Core.Serialization;
using Enrichment.Lambda.SQSEvents;

namespace Enrichment.Testing.Events;

/// <summary>Builds SQS events as the Lambda event source mapping delivers them.</summary>
public sealed class SqsEventBuilder
{
    public const string MainQueueArn = "arn:aws:sqs:us-east-1:123456789012:enrichment-batches";
    public const string DeadLetterQueueArn = "arn:aws:sqs:us-east-1:123456789012:enrichment-batches-dlq";

    private readonly List<SQSEvent.SQSMessage> _messages = [];

    public SqsEventBuilder WithBatch(BatchMessage batch, int receiveCount = 1, string sourceArn = MainQueueArn) =>
        WithBody(JsonSerializer.Serialize(batch, EnrichmentJsonContext.Default.BatchMessage), receiveCount, sourceArn);

    public SqsEventBuilder WithBody(string body, int receiveCount = 1, string sourceArn = MainQueueArn)
    {
        var id = $"msg-{_messages.Count + 1}";
        _messages.Add(new SQSEvent.SQSMessage
        {
            MessageId = id,
            ReceiptHandle = "handle-" + id,
            Body = body,
            EventSource = "aws:sqs",
            EventSourceArn = sourceArn,
            AwsRegion = "us-east-1",
            Attributes = new Dictionary<string, string>
            {
                ["ApproximateReceiveCount"] = receiveCount.ToString(CultureInfo.InvariantCulture),
                ["SentTimestamp"] = "1700000000000",
            },
        });
        return this;
    }

    public SQSEvent Build() => new() { Records = [.. _messages] };
}
