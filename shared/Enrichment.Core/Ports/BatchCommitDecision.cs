namespace Enrichment.Core.Ports;

/// <summary>What <see cref="BatchCommitRule.Decide"/> answers for one commit.</summary>
/// <param name="Entry">The batch item to store; null when nothing changes.</param>
/// <param name="Deltas">What to add to the job's counters; null when nothing changes.</param>
public sealed record BatchCommitDecision(CommitOutcome Outcome, BatchEntry? Entry, BatchCommitDeltas? Deltas)
{
    /// <summary>True when the adapter must write <see cref="Entry"/> and add <see cref="Deltas"/>.</summary>
    public bool Stores => Entry is not null;

    public static BatchCommitDecision Unchanged(CommitOutcome outcome) => new(outcome, null, null);
}
