namespace Enrichment.Core.Services;

/// <summary>What recording a given-up split did.</summary>
public enum SplitFailureOutcome
{
    /// <summary>The job was still waiting for its split and is now failed with a reason.</summary>
    MarkedFailed,

    /// <summary>The job had moved on (split after all, finished, or failed already): nothing changed.</summary>
    AlreadyMovedOn,

    /// <summary>No job matches the object (not an upload, or the job has expired).</summary>
    NoJob,
}
