namespace Enrichment.Local.StateMachine;

/// <summary>How an execution ended, with the states it entered in order (for comparison with another engine).</summary>
public sealed record AslExecutionResult(
    AslExecutionStatus Status,
    JsonNode? Output,
    string? Error,
    string? Cause,
    IReadOnlyList<string> StatesEntered);
