namespace Enrichment.Local.Queue;

/// <summary>
/// A received message, with what an SQS record carries: id, a receipt handle valid for this
/// receive only, the approximate receive count and the source queue's ARN.
/// </summary>
public sealed record QueueMessage(
    string MessageId,
    string ReceiptHandle,
    string Body,
    int ReceiveCount,
    DateTimeOffset SentAt,
    DateTimeOffset FirstReceivedAt,
    string SourceArn);
