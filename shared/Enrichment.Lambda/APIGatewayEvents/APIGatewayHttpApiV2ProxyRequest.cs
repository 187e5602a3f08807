using System.Text.Json;
using System.Text.Json.Serialization;

namespace Enrichment.Lambda.APIGatewayEvents;

/// <summary>
/// An HTTP API (payload format 2.0) request. Mirrors Amazon.Lambda.APIGatewayEvents.APIGatewayHttpApiV2ProxyRequest.
/// API Gateway lowercases header names, joins repeated headers and query values with commas, and
/// leaves out the dictionaries that would be empty, hence the nullable members.
/// </summary>
public sealed class APIGatewayHttpApiV2ProxyRequest
{
    [JsonPropertyName("version")]
    public string? Version { get; set; }

    [JsonPropertyName("routeKey")]
    public string RouteKey { get; set; } = string.Empty;

    [JsonPropertyName("rawPath")]
    public string RawPath { get; set; } = string.Empty;

    [JsonPropertyName("rawQueryString")]
    public string? RawQueryString { get; set; }

    [JsonPropertyName("cookies")]
    public string[]? Cookies { get; set; }

    [JsonPropertyName("headers")]
    public IDictionary<string, string>? Headers { get; set; }

    [JsonPropertyName("queryStringParameters")]
    public IDictionary<string, string>? QueryStringParameters { get; set; }

    [JsonPropertyName("pathParameters")]
    public IDictionary<string, string>? PathParameters { get; set; }

    [JsonPropertyName("stageVariables")]
    public IDictionary<string, string>? StageVariables { get; set; }

    [JsonPropertyName("requestContext")]
    public ProxyRequestContext RequestContext { get; set; } = new();

    [JsonPropertyName("body")]
    public string? Body { get; set; }

    [JsonPropertyName("isBase64Encoded")]
    public bool IsBase64Encoded { get; set; }

    /// <summary>
    /// The raw body, set by an in-process host instead of <see cref="Body"/> so a body is not
    /// base64-encoded and decoded again on the way in. Never on the wire: Lambda always sends <see cref="Body"/>.
    /// </summary>
    [JsonIgnore]
    public byte[]? BinaryBody { get; set; }

    /// <summary>The request context API Gateway adds.</summary>
    public sealed class ProxyRequestContext
    {
        [JsonPropertyName("accountId")]
        public string? AccountId { get; set; }

        [JsonPropertyName("apiId")]
        public string? ApiId { get; set; }

        [JsonPropertyName("authorizer")]
        public AuthorizerDescription? Authorizer { get; set; }

        [JsonPropertyName("domainName")]
        public string? DomainName { get; set; }

        [JsonPropertyName("domainPrefix")]
        public string? DomainPrefix { get; set; }

        [JsonPropertyName("http")]
        public HttpDescription Http { get; set; } = new();

        [JsonPropertyName("requestId")]
        public string? RequestId { get; set; }

        [JsonPropertyName("routeId")]
        public string? RouteId { get; set; }

        [JsonPropertyName("routeKey")]
        public string? RouteKey { get; set; }

        [JsonPropertyName("stage")]
        public string? Stage { get; set; }

        /// <summary>The request time in CLF format (dd/MMM/yyyy:HH:mm:ss +0000), as API Gateway sends it.</summary>
        [JsonPropertyName("time")]
        public string? Time { get; set; }

        /// <summary>The request time in Unix epoch milliseconds.</summary>
        [JsonPropertyName("timeEpoch")]
        public long TimeEpoch { get; set; }
    }

    /// <summary>The HTTP facts of the request.</summary>
    public sealed class HttpDescription
    {
        [JsonPropertyName("method")]
        public string Method { get; set; } = string.Empty;

        [JsonPropertyName("path")]
        public string Path { get; set; } = string.Empty;

        [JsonPropertyName("protocol")]
        public string? Protocol { get; set; }

        [JsonPropertyName("sourceIp")]
        public string? SourceIp { get; set; }

        [JsonPropertyName("userAgent")]
        public string? UserAgent { get; set; }
    }

    /// <summary>What an authorizer attached: JWT claims, IAM identity or a Lambda authorizer's context.</summary>
    public sealed class AuthorizerDescription
    {
        [JsonPropertyName("jwt")]
        public JwtDescription? Jwt { get; set; }

        [JsonPropertyName("iam")]
        public IAMDescription? IAM { get; set; }

        /// <summary>The context a Lambda authorizer returned; its values may be any JSON.</summary>
        [JsonPropertyName("lambda")]
        public IDictionary<string, JsonElement>? Lambda { get; set; }
    }

    /// <summary>The claims and scopes of a validated JWT.</summary>
    public sealed class JwtDescription
    {
        [JsonPropertyName("claims")]
        public IDictionary<string, string>? Claims { get; set; }

        [JsonPropertyName("scopes")]
        public string[]? Scopes { get; set; }
    }

    /// <summary>The caller of an IAM-authorized route.</summary>
    public sealed class IAMDescription
    {
        [JsonPropertyName("accessKey")]
        public string? AccessKey { get; set; }

        [JsonPropertyName("accountId")]
        public string? AccountId { get; set; }

        [JsonPropertyName("callerId")]
        public string? CallerId { get; set; }

        [JsonPropertyName("principalOrgId")]
        public string? PrincipalOrgId { get; set; }

        [JsonPropertyName("userArn")]
        public string? UserArn { get; set; }

        [JsonPropertyName("userId")]
        public string? UserId { get; set; }
    }
}
