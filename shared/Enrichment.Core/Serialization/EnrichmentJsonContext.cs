using Enrichment.Core.Providers.Http;
using Enrichment.Core.Services;
using Enrichment.Core.Serialization.StepFunctions;

namespace Enrichment.Core.Serialization;

/// <summary>
/// The source-generated serializer context for every payload of the domain (messages, step inputs, records,
/// the answers services return). The API's own bodies have theirs, <c>ApiJsonContext</c>, in the API
/// function; the Lambda events theirs, <c>LambdaEventJsonContext</c>, in the Lambda layer.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(BatchMessage))]
[JsonSerializable(typeof(BatchRow))]
[JsonSerializable(typeof(List<BatchRow>))]
[JsonSerializable(typeof(PollerInput))]
[JsonSerializable(typeof(CheckCompletionInput))]
[JsonSerializable(typeof(CheckCompletionOutput))]
[JsonSerializable(typeof(AggregateInput))]
[JsonSerializable(typeof(AggregateOutput))]
[JsonSerializable(typeof(NotifyInput))]
[JsonSerializable(typeof(NotifyOutput))]
[JsonSerializable(typeof(PartRecord))]
[JsonSerializable(typeof(FailedBatch))]
[JsonSerializable(typeof(JobSummary))]
[JsonSerializable(typeof(JobStatusView))]
[JsonSerializable(typeof(UploadResponse))]
[JsonSerializable(typeof(SplitResponse))]
[JsonSerializable(typeof(JobEstimate))]
[JsonSerializable(typeof(HttpProviderDefinition))]
[JsonSerializable(typeof(HttpProviderAnswer))]
[JsonSerializable(typeof(JobRecord))]
[JsonSerializable(typeof(SfnStartExecutionRequest))]
[JsonSerializable(typeof(SfnStartExecutionResponse))]
[JsonSerializable(typeof(SfnDescribeExecutionRequest))]
[JsonSerializable(typeof(SfnDescribeExecutionResponse))]
public sealed partial class EnrichmentJsonContext : JsonSerializerContext;
