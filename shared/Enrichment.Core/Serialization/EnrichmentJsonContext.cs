using System.Text.Json.Serialization;
using Enrichment.Core.Batching;
using Enrichment.Core.Jobs;
using Enrichment.Core.Workflow;

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
[JsonSerializable(typeof(JobRecord))]
public sealed partial class EnrichmentJsonContext : JsonSerializerContext;
