using System.Text.Json.Serialization;
using Enrichment.Lambda.APIGatewayEvents;
using Enrichment.Lambda.Destinations;
using Enrichment.Lambda.S3Events;
using Enrichment.Lambda.SQSEvents;

namespace Enrichment.Lambda.Serialization;

/// <summary>
/// The source-generated serializer context of the Lambda events and responses, beside the types it
/// serializes: a function hands it to <c>LambdaBootstrap</c>, and the domain's context
/// (<c>EnrichmentJsonContext</c>) stays free of Lambda. The types' <c>[JsonPropertyName]</c>s follow
/// AWS's JSON; the options are the domain context's, so a type without one reads and writes as before.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(SQSEvent))]
[JsonSerializable(typeof(SQSBatchResponse))]
[JsonSerializable(typeof(APIGatewayHttpApiV2ProxyRequest))]
[JsonSerializable(typeof(APIGatewayHttpApiV2ProxyResponse))]
[JsonSerializable(typeof(S3Event))]
[JsonSerializable(typeof(S3InvocationFailure))]
public sealed partial class LambdaEventJsonContext : JsonSerializerContext;
