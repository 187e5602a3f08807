namespace Enrichment.Local.Queue;

/// <summary>The local twin of a Lambda SQS event source mapping's settings.</summary>
public sealed record LocalEventSourceOptions
{
    /// <summary>Messages per handler call (SQS receives at most 10 at a time).</summary>
    public int BatchSize { get; init; } = 10;

    /// <summary>Pollers running side by side (Lambda's concurrent invocations).</summary>
    public int Concurrency { get; init; } = 2;

    /// <summary>Long-poll wait of each receive.</summary>
    public TimeSpan WaitTime { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Visibility timeout for received messages; null keeps the queue's own.</summary>
    public TimeSpan? VisibilityTimeout { get; init; }
}
