namespace Enrichment.Local.Queue;

/// <summary>
/// The local main queue and its dead-letter queue, wired like the SQS pair Terraform creates:
/// a message received more than MaxReceiveCount times moves to <see cref="DeadLetters"/>.
/// </summary>
public sealed class LocalQueueSet : IDisposable
{
    public const string MainQueueName = "main";
    public const string DeadLetterQueueName = "dlq";

    public LocalQueueSet(string dataDirectory, TimeProvider time, int maxReceiveCount, TimeSpan visibilityTimeout)
    {
        Store = new LocalQueueStore(dataDirectory, time);
        Main = Store.Queue(MainQueueName, new LocalQueueOptions
        {
            VisibilityTimeout = visibilityTimeout,
            MaxReceiveCount = maxReceiveCount,
            DeadLetterQueue = DeadLetterQueueName,
        });
        DeadLetters = Store.Queue(DeadLetterQueueName, new LocalQueueOptions { VisibilityTimeout = visibilityTimeout });
        BatchQueue = new LocalBatchQueue(Main);
    }

    public LocalQueueStore Store { get; }

    public LocalQueue Main { get; }

    public LocalQueue DeadLetters { get; }

    /// <summary>The batch queue port, sending to <see cref="Main"/>.</summary>
    public IBatchQueue BatchQueue { get; }

    public void Dispose() => Store.Dispose();
}
