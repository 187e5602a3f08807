namespace Enrichment.Local.Queue;

/// <summary>
/// A received message, with what an SQS record carries: id, a receipt handle valid for this
/// receive only, the approximate receive count and the source queue's ARN. The body is kept as the
/// UTF-8 bytes it was stored as (the worker parses those); <see cref="Body"/> decodes it when asked.
/// </summary>
public sealed record QueueMessage(
    string MessageId,
    string ReceiptHandle,
    ReadOnlyMemory<byte> Utf8Body,
    int ReceiveCount,
    DateTimeOffset SentAt,
    DateTimeOffset FirstReceivedAt,
    string SourceArn)
{
    /// <summary>The body as text (decoded on each call: the hot path reads <see cref="Utf8Body"/>).</summary>
    public string Body => System.Text.Encoding.UTF8.GetString(Utf8Body.Span);
}
