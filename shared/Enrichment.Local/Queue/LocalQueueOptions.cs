namespace Enrichment.Local.Queue;

/// <summary>A queue's settings, the local twin of an SQS queue's attributes and redrive policy.</summary>
public sealed record LocalQueueOptions
{
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Receives after which the next receive moves the message to <see cref="DeadLetterQueue"/>; null means no redrive.</summary>
    public int? MaxReceiveCount { get; init; }

    /// <summary>Name of the queue (same store) that takes dead letters.</summary>
    public string? DeadLetterQueue { get; init; }
}
