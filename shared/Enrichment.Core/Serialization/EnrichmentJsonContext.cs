using System.Text.Json.Serialization;
using Enrichment.Core.Api;
using Enrichment.Core.Batching;
using Enrichment.Core.Costs;
using Enrichment.Core.Jobs;
using Enrichment.Core.Providers.Http;
using Enrichment.Core.Services;
using Enrichment.Core.Serialization.StepFunctions;
using Enrichment.Core.Workflow;
using Enrichment.Lambda.APIGatewayEvents;
using Enrichment.Lambda.Destinations;
using Enrichment.Lambda.S3Events;
using Enrichment.Lambda.SQSEvents;

namespace Enrichment.Core.Serialization;

/// <summary>The one source-generated serializer context for every payload the product reads or writes.</summary>
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
[JsonSerializable(typeof(JobAcceptedResponse))]
[JsonSerializable(typeof(UploadRequest))]
[JsonSerializable(typeof(UploadResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(VersionResponse))]
[JsonSerializable(typeof(ProvidersResponse))]
[JsonSerializable(typeof(SplitResponse))]
[JsonSerializable(typeof(JobEstimate))]
[JsonSerializable(typeof(HttpProviderDefinition))]
[JsonSerializable(typeof(HttpProviderAnswer))]
// Lambda events and responses: their [JsonPropertyName]s follow AWS's JSON, whatever the naming policy above.
[JsonSerializable(typeof(SQSEvent))]
[JsonSerializable(typeof(SQSBatchResponse))]
[JsonSerializable(typeof(APIGatewayHttpApiV2ProxyRequest))]
[JsonSerializable(typeof(APIGatewayHttpApiV2ProxyResponse))]
[JsonSerializable(typeof(S3Event))]
[JsonSerializable(typeof(S3InvocationFailure))]
[JsonSerializable(typeof(JobRecord))]
[JsonSerializable(typeof(SfnStartExecutionRequest))]
[JsonSerializable(typeof(SfnStartExecutionResponse))]
[JsonSerializable(typeof(SfnDescribeExecutionRequest))]
[JsonSerializable(typeof(SfnDescribeExecutionResponse))]
public sealed partial class EnrichmentJsonContext : JsonSerializerContext;
