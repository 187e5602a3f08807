namespace Enrichment.Core.Serialization.StepFunctions;

/// <summary>Step Functions StartExecution request (awsJson1_0 wire shape).</summary>
public sealed record SfnStartExecutionRequest(string StateMachineArn, string? Name, string? Input);
