using System.Text.Json.Serialization;

namespace Enrichment.AwsBench;

[JsonSerializable(typeof(Dictionary<string, OperationTotals>))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
