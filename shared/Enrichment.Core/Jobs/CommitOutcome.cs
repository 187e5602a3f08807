namespace Enrichment.Core.Jobs;

public enum CommitOutcome
{
    /// <summary>The result changed the job's counters.</summary>
    Counted,
    /// <summary>The batch was already counted in this state (a duplicate delivery); nothing changed.</summary>
    AlreadyCounted,
    /// <summary>
    /// The job is gone, or the result's attempt has been aggregated already (its output is written,
    /// so its batches no longer change); nothing changed.
    /// </summary>
    Refused,
}
