namespace Enrichment.Core.Services;

/// <summary>One delivered queue message, as the SQS event source (or the local poller) hands it over.</summary>
public sealed record QueueDelivery(string MessageId, string Body, int ReceiveCount, bool FromDeadLetterQueue)
{
    private string? _body = Body;

    /// <summary>
    /// A delivery whose body came as its UTF-8 bytes (the local queue stores them so): the worker
    /// parses the bytes, and <see cref="Body"/> is decoded only if something reads it (issue 13).
    /// </summary>
    public QueueDelivery(string messageId, ReadOnlyMemory<byte> utf8Body, int receiveCount, bool fromDeadLetterQueue)
        : this(messageId, (string)null!, receiveCount, fromDeadLetterQueue)
    {
        Utf8Body = utf8Body;
    }

    public string Body
    {
        get => _body ??= Encoding.UTF8.GetString(Utf8Body.GetValueOrDefault().Span);
        init => _body = value;
    }

    /// <summary>The body's UTF-8 bytes when it was delivered as bytes; null when it came as a string.</summary>
    public ReadOnlyMemory<byte>? Utf8Body { get; }

    /// <summary>The body's size in UTF-8 bytes, as SQS counts it.</summary>
    public int BodyBytes => Utf8Body is { } utf8 ? utf8.Length : Encoding.UTF8.GetByteCount(Body);
}
