namespace Enrichment.Core.Services;

public enum BatchDisposition
{
    /// <summary>Enriched and counted (or found already counted: a duplicate delivery).</summary>
    Processed,
    /// <summary>The job is gone or superseded; the message is dropped.</summary>
    Dropped,
    /// <summary>Recorded as failed (last allowed receive, or dead-lettered).</summary>
    RecordedFailed,
}

public sealed record BatchOutcome(BatchDisposition Disposition, CommitOutcome? Commit = null, int Records = 0);
