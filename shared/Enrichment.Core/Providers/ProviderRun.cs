namespace Enrichment.Core.Providers;

/// <summary>
/// What one run of the chain over a batch shares: the job (for the job-wide answer cache), the
/// invocation's deadline, and the usage counters the worker commits with the batch.
/// </summary>
public sealed class ProviderRun
{
    public ProviderRun(string? jobId, IProviderAnswerCache? answers, DateTimeOffset answersExpireAt)
    {
        JobId = jobId;
        Answers = jobId is null ? null : answers;
        AnswersExpireAt = answersExpireAt;
    }

    /// <summary>A run outside any job (single-record API, tests): duplicates are shared within the batch only.</summary>
    public static ProviderRun Detached() => new(null, null, DateTimeOffset.MaxValue);

    public string? JobId { get; }

    /// <summary>The job's answer cache; null outside a job.</summary>
    public IProviderAnswerCache? Answers { get; }

    public DateTimeOffset AnswersExpireAt { get; }

    /// <summary>
    /// When the invocation that runs the chain is stopped (Lambda's deadline); null when nothing
    /// stops it (the local host, tests). Providers that call out keep their calls before it, with a
    /// reserve for writing and committing the batch.
    /// </summary>
    public DateTimeOffset? Deadline { get; init; }

    public ProviderUsage Usage { get; } = new();
}
