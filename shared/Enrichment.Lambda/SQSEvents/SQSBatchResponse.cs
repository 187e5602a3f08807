using System.Text.Json.Serialization;

namespace Enrichment.Lambda.SQSEvents;

/// <summary>
/// A partial batch response (ReportBatchItemFailures): the messages listed are retried, the rest are
/// deleted. An empty list means the whole batch succeeded. Mirrors Amazon.Lambda.SQSEvents.SQSBatchResponse.
/// </summary>
public sealed class SQSBatchResponse
{
    public SQSBatchResponse()
    {
    }

    public SQSBatchResponse(List<BatchItemFailure> batchItemFailures) => BatchItemFailures = batchItemFailures;

    [JsonPropertyName("batchItemFailures")]
    public List<BatchItemFailure> BatchItemFailures { get; set; } = [];

    /// <summary>One message to retry, named by its message id.</summary>
    public sealed class BatchItemFailure
    {
        public BatchItemFailure()
        {
        }

        public BatchItemFailure(string itemIdentifier) => ItemIdentifier = itemIdentifier;

        [JsonPropertyName("itemIdentifier")]
        public string ItemIdentifier { get; set; } = string.Empty;
    }
}
