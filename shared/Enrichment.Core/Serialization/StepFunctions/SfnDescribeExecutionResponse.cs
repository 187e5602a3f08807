namespace Enrichment.Core.Serialization.StepFunctions;

/// <summary>Step Functions DescribeExecution response (the fields the product reads).</summary>
public sealed record SfnDescribeExecutionResponse
{
    public required string ExecutionArn { get; init; }
    public required string StateMachineArn { get; init; }
    public string? Name { get; init; }
    /// <summary>RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED or PENDING_REDRIVE.</summary>
    public required string Status { get; init; }
    [JsonConverter(typeof(AwsTimestampConverter))]
    public DateTimeOffset StartDate { get; init; }
    public string? Input { get; init; }
    public string? Output { get; init; }
    public string? Error { get; init; }
    public string? Cause { get; init; }
}
