using System.Text.Json.Serialization;

namespace Enrichment.Functions.Api;

/// <summary>
/// The source-generated serializer context of the API's own bodies (<c>ApiPayloads.cs</c>), beside
/// them; the domain's payloads stay in <c>EnrichmentJsonContext</c>. Its options are the domain
/// context's, so every body of the API reads and writes alike.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(JobAcceptedResponse))]
[JsonSerializable(typeof(UploadRequest))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(VersionResponse))]
[JsonSerializable(typeof(ProvidersResponse))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
