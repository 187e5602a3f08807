using System.Text.Json.Serialization;
using Enrichment.Lambda.S3Events;

namespace Enrichment.Lambda.Destinations;

/// <summary>
/// The record Lambda sends to an on-failure destination when an asynchronous invocation (here the
/// S3 notification of an upload) failed every attempt or grew too old: the original event and why
/// it was given up. Follows AWS's published "invocation record" JSON.
/// </summary>
public sealed class S3InvocationFailure
{
    [JsonPropertyName("version")]
    public string? Version { get; set; }

    [JsonPropertyName("requestContext")]
    public RequestContextEntity? RequestContext { get; set; }

    [JsonPropertyName("requestPayload")]
    public S3Event? RequestPayload { get; set; }

    [JsonPropertyName("responseContext")]
    public ResponseContextEntity? ResponseContext { get; set; }

    public sealed class RequestContextEntity
    {
        [JsonPropertyName("requestId")]
        public string? RequestId { get; set; }

        [JsonPropertyName("functionArn")]
        public string? FunctionArn { get; set; }

        /// <summary>"RetriesExhausted" or "EventAgeExceeded".</summary>
        [JsonPropertyName("condition")]
        public string? Condition { get; set; }

        [JsonPropertyName("approximateInvokeCount")]
        public int ApproximateInvokeCount { get; set; }
    }

    public sealed class ResponseContextEntity
    {
        [JsonPropertyName("statusCode")]
        public int StatusCode { get; set; }

        [JsonPropertyName("functionError")]
        public string? FunctionError { get; set; }
    }
}
