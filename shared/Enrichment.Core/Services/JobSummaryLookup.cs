namespace Enrichment.Core.Services;

/// <summary>What <see cref="JobSummaryService"/> found; <see cref="Summary"/> is set when <see cref="Outcome"/> is Found.</summary>
public sealed record JobSummaryLookup(JobSummaryOutcome Outcome, JobSummary? Summary);

public enum JobSummaryOutcome
{
    Found,
    NotFound,

    /// <summary>The job (or its retry) is still running: its summary is written when it ends.</summary>
    NotFinished,

    /// <summary>The job ended without a summary (it failed before aggregating, or expired).</summary>
    NoSummary,
}
