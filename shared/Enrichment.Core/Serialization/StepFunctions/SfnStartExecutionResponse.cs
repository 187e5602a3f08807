namespace Enrichment.Core.Serialization.StepFunctions;

/// <summary>Step Functions StartExecution response.</summary>
public sealed record SfnStartExecutionResponse(
    string ExecutionArn,
    [property: JsonConverter(typeof(AwsTimestampConverter))] DateTimeOffset StartDate);
