namespace Enrichment.Local.Workflow;

/// <summary>An execution as the local workflow starter keeps it (the local DescribeExecution).</summary>
public sealed record LocalExecutionRecord(
    string Name,
    string Input,
    LocalExecutionStatus Status,
    string? Output,
    string? Error,
    string? Cause,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<string> StatesEntered);
