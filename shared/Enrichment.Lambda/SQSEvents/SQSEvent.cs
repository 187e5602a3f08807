using System.Text.Json.Serialization;

namespace Enrichment.Lambda.SQSEvents;

/// <summary>
/// The event an SQS event source mapping sends: a batch of messages. Mirrors
/// Amazon.Lambda.SQSEvents.SQSEvent; JSON names are the ones Lambda sends ("Records", then camelCase).
/// </summary>
public sealed class SQSEvent
{
    [JsonPropertyName("Records")]
    public List<SQSMessage> Records { get; set; } = [];

    /// <summary>One message of the batch.</summary>
    public sealed class SQSMessage
    {
        private string? _body = string.Empty;
        private ReadOnlyMemory<byte>? _utf8Body;

        [JsonPropertyName("messageId")]
        public string MessageId { get; set; } = string.Empty;

        [JsonPropertyName("receiptHandle")]
        public string ReceiptHandle { get; set; } = string.Empty;

        [JsonPropertyName("body")]
        public string Body
        {
            get => _body ??= System.Text.Encoding.UTF8.GetString(Utf8Body.GetValueOrDefault().Span);
            set
            {
                _body = value;
                _utf8Body = null;
            }
        }

        /// <summary>
        /// The body as UTF-8 bytes, when an in-process event source hands it over so (the local
        /// host's queue stores bytes, and the worker parses bytes): <see cref="Body"/> is then decoded
        /// only if read. Never part of the event's JSON; Lambda's events carry the string.
        /// </summary>
        [JsonIgnore]
        public ReadOnlyMemory<byte>? Utf8Body
        {
            get => _utf8Body;
            set
            {
                _utf8Body = value;
                _body = value is null ? string.Empty : null;
            }
        }

        [JsonPropertyName("md5OfBody")]
        public string? Md5OfBody { get; set; }

        [JsonPropertyName("md5OfMessageAttributes")]
        public string? Md5OfMessageAttributes { get; set; }

        [JsonPropertyName("eventSourceARN")]
        public string EventSourceArn { get; set; } = string.Empty;

        [JsonPropertyName("eventSource")]
        public string? EventSource { get; set; }

        [JsonPropertyName("awsRegion")]
        public string? AwsRegion { get; set; }

        /// <summary>System attributes (ApproximateReceiveCount, SentTimestamp, SenderId, ...), all strings.</summary>
        [JsonPropertyName("attributes")]
        public Dictionary<string, string> Attributes { get; set; } = [];

        [JsonPropertyName("messageAttributes")]
        public Dictionary<string, MessageAttribute> MessageAttributes { get; set; } = [];

        /// <summary>ApproximateReceiveCount as a number (0 when absent or unreadable).</summary>
        [JsonIgnore]
        public int ApproximateReceiveCount =>
            Attributes.TryGetValue("ApproximateReceiveCount", out var text)
            && int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count)
                ? count
                : 0;
    }

    /// <summary>A user-defined message attribute. Binary values arrive base64-encoded.</summary>
    public sealed class MessageAttribute
    {
        [JsonPropertyName("stringValue")]
        public string? StringValue { get; set; }

        [JsonPropertyName("binaryValue")]
        public byte[]? BinaryValue { get; set; }

        [JsonPropertyName("stringListValues")]
        public List<string>? StringListValues { get; set; }

        [JsonPropertyName("binaryListValues")]
        public List<byte[]>? BinaryListValues { get; set; }

        [JsonPropertyName("dataType")]
        public string DataType { get; set; } = string.Empty;
    }
}
