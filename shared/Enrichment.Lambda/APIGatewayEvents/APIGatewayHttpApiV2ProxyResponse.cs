using System.Text.Json.Serialization;

namespace Enrichment.Lambda.APIGatewayEvents;

/// <summary>
/// An HTTP API (payload format 2.0) response. Mirrors Amazon.Lambda.APIGatewayEvents.APIGatewayHttpApiV2ProxyResponse.
/// Each entry of <see cref="Cookies"/> becomes one set-cookie header.
/// </summary>
public sealed class APIGatewayHttpApiV2ProxyResponse
{
    [JsonPropertyName("statusCode")]
    public int StatusCode { get; set; }

    [JsonPropertyName("headers")]
    public IDictionary<string, string>? Headers { get; set; }

    [JsonPropertyName("cookies")]
    public string[]? Cookies { get; set; }

    [JsonPropertyName("body")]
    public string? Body { get; set; }

    [JsonPropertyName("isBase64Encoded")]
    public bool IsBase64Encoded { get; set; }
}
