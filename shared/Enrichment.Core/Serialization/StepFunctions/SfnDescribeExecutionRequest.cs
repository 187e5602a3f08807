namespace Enrichment.Core.Serialization.StepFunctions;

/// <summary>Step Functions DescribeExecution request.</summary>
public sealed record SfnDescribeExecutionRequest(string ExecutionArn);
