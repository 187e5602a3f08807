namespace Enrichment.Aws.Sqs;

/// <summary>Some messages could not be sent to the queue, even after retries.</summary>
public sealed class BatchQueueSendException : Exception
{
    public BatchQueueSendException()
    {
    }

    public BatchQueueSendException(string message)
        : base(message)
    {
    }

    public BatchQueueSendException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public BatchQueueSendException(string message, IReadOnlyList<int> failedBatchIndexes)
        : base(message)
    {
        FailedBatchIndexes = failedBatchIndexes;
    }

    /// <summary>The batches whose messages were not sent (the others were).</summary>
    public IReadOnlyList<int> FailedBatchIndexes { get; } = [];
}
