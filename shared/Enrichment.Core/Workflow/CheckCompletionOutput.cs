namespace Enrichment.Core.Workflow;

/// <summary>
/// What the check-completion task answers; the state machine loops on <see cref="Done"/> and waits
/// <see cref="WaitSeconds"/> between checks. <see cref="Polls"/> counts this check; once the
/// definition's bound is reached the machine starts <see cref="ContinueAs"/> (generation
/// <see cref="NextGeneration"/>) and ends, so no execution outgrows Step Functions' history.
/// </summary>
public sealed record CheckCompletionOutput(
    string JobId,
    int Attempt,
    bool Done,
    int WaitSeconds,
    int BatchesFinished,
    int TotalBatches,
    int Generation = 0,
    int Polls = 0,
    string ContinueAs = "",
    int NextGeneration = 1);
