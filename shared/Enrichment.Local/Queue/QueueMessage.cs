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
    private byte[]? _pooledBody;

    /// <summary>The body as text (decoded on each call: the hot path reads <see cref="Utf8Body"/>).</summary>
    public string Body => System.Text.Encoding.UTF8.GetString(Utf8Body.Span);

    /// <summary>The array from the shared pool that <see cref="Utf8Body"/> lies in, if it does.</summary>
    internal byte[]? PooledBody
    {
        init => _pooledBody = value;
    }

    /// <summary>
    /// Gives the body's array back to the shared pool, once whoever received the message is done with
    /// it (the local host, after the worker's invocation returned): the body must not be read after.
    /// A message that is never released is only collected, as any array is.
    /// </summary>
    public void ReleaseBody()
    {
        if (Interlocked.Exchange(ref _pooledBody, null) is { } body)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(body);
        }
    }
}
