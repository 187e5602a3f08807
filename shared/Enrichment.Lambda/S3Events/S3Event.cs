using System.Text.Json.Serialization;

namespace Enrichment.Lambda.S3Events;

/// <summary>
/// An S3 event notification delivered to Lambda. Mirrors Amazon.Lambda.S3Events.S3Event. Object keys
/// arrive URL-encoded in form style ("red flower.jpg" is "red+flower.jpg"): see <see cref="S3ObjectEntity.DecodedKey"/>.
/// </summary>
public sealed class S3Event
{
    [JsonPropertyName("Records")]
    public List<S3EventNotificationRecord> Records { get; set; } = [];

    /// <summary>One notification.</summary>
    public sealed class S3EventNotificationRecord
    {
        [JsonPropertyName("eventVersion")]
        public string? EventVersion { get; set; }

        [JsonPropertyName("eventSource")]
        public string? EventSource { get; set; }

        [JsonPropertyName("awsRegion")]
        public string? AwsRegion { get; set; }

        [JsonPropertyName("eventTime")]
        public DateTime EventTime { get; set; }

        /// <summary>For example "ObjectCreated:Put" or "ObjectCreated:CompleteMultipartUpload".</summary>
        [JsonPropertyName("eventName")]
        public string EventName { get; set; } = string.Empty;

        [JsonPropertyName("userIdentity")]
        public UserIdentityEntity? UserIdentity { get; set; }

        [JsonPropertyName("requestParameters")]
        public RequestParametersEntity? RequestParameters { get; set; }

        [JsonPropertyName("responseElements")]
        public ResponseElementsEntity? ResponseElements { get; set; }

        [JsonPropertyName("s3")]
        public S3Entity S3 { get; set; } = new();
    }

    /// <summary>The bucket and object the notification is about.</summary>
    public sealed class S3Entity
    {
        [JsonPropertyName("s3SchemaVersion")]
        public string? S3SchemaVersion { get; set; }

        [JsonPropertyName("configurationId")]
        public string? ConfigurationId { get; set; }

        [JsonPropertyName("bucket")]
        public S3BucketEntity Bucket { get; set; } = new();

        [JsonPropertyName("object")]
        [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "Mirrors the official S3Entity.Object.")]
        public S3ObjectEntity Object { get; set; } = new();
    }

    public sealed class S3BucketEntity
    {
        [JsonPropertyName("name")]
        public string Name { get; set; } = string.Empty;

        [JsonPropertyName("ownerIdentity")]
        public UserIdentityEntity? OwnerIdentity { get; set; }

        [JsonPropertyName("arn")]
        public string? Arn { get; set; }
    }

    public sealed class S3ObjectEntity
    {
        /// <summary>The key as S3 sends it: URL-encoded, spaces as '+'.</summary>
        [JsonPropertyName("key")]
        public string Key { get; set; } = string.Empty;

        [JsonPropertyName("size")]
        public long Size { get; set; }

        [JsonPropertyName("eTag")]
        public string? ETag { get; set; }

        [JsonPropertyName("versionId")]
        public string? VersionId { get; set; }

        [JsonPropertyName("sequencer")]
        public string? Sequencer { get; set; }

        /// <summary>The real object key: '+' is a space, then %XX escapes are decoded.</summary>
        [JsonIgnore]
        public string DecodedKey => Uri.UnescapeDataString(Key.Replace('+', ' '));
    }

    public sealed class UserIdentityEntity
    {
        [JsonPropertyName("principalId")]
        public string? PrincipalId { get; set; }
    }

    public sealed class RequestParametersEntity
    {
        [JsonPropertyName("sourceIPAddress")]
        public string? SourceIPAddress { get; set; }
    }

    public sealed class ResponseElementsEntity
    {
        [JsonPropertyName("x-amz-id-2")]
        public string? XAmzId2 { get; set; }

        [JsonPropertyName("x-amz-request-id")]
        public string? XAmzRequestId { get; set; }
    }
}
