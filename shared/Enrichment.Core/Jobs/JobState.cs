namespace Enrichment.Core.Jobs;

/// <summary>Lifecycle of a job. Wire names are the snake_case strings in <see cref="JobStates"/>.</summary>
public enum JobState
{
    Accepted,
    Processing,
    Aggregating,
    Completed,
    CompletedWithErrors,
    Failed,
}
