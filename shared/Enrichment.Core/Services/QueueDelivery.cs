namespace Enrichment.Core.Services;

/// <summary>One delivered queue message, as the SQS event source (or the local poller) hands it over.</summary>
public sealed record QueueDelivery(string MessageId, string Body, int ReceiveCount, bool FromDeadLetterQueue);
