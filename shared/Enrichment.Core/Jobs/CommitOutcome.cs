namespace Enrichment.Core.Jobs;

public enum CommitOutcome
{
    /// <summary>The result changed the job's counters.</summary>
    Counted,
    /// <summary>The batch was already counted in this state (a duplicate delivery); nothing changed.</summary>
    AlreadyCounted,
}
