using System.Text;
using Enrichment.Lambda.APIGatewayEvents;

namespace Enrichment.Testing.Events;

/// <summary>Builds HTTP API (payload v2) events the way API Gateway sends them.</summary>
public sealed class ApiRequestBuilder
{
    private readonly Dictionary<string, string> headers = new(StringComparer.OrdinalIgnoreCase) { ["host"] = "api.example.com" };
    private readonly Dictionary<string, string> query = [];
    private string method = "GET";
    private string path = "/";
    private string? body;
    private bool base64;
    private string stage = "$default";
    private APIGatewayHttpApiV2ProxyRequest.AuthorizerDescription? authorizer = Iam(DefaultCallerArn);

    /// <summary>The IAM user every request is signed by unless told otherwise (the InMemoryPipeline's owner).</summary>
    public const string DefaultCallerArn = "arn:aws:iam::123456789012:user/tester";

    /// <summary>What API Gateway's IAM authorization puts in the context for a SigV4-signed request.</summary>
    public static APIGatewayHttpApiV2ProxyRequest.AuthorizerDescription Iam(string userArn) => new()
    {
        IAM = new APIGatewayHttpApiV2ProxyRequest.IAMDescription
        {
            AccessKey = "AKIAEXAMPLE",
            AccountId = "123456789012",
            CallerId = "AIDAEXAMPLE",
            UserArn = userArn,
            UserId = "AIDAEXAMPLE",
        },
    };

    /// <summary>What a JWT authorizer puts in the context: the token's claims.</summary>
    public static APIGatewayHttpApiV2ProxyRequest.AuthorizerDescription Jwt(string issuer, string subject) => new()
    {
        Jwt = new APIGatewayHttpApiV2ProxyRequest.JwtDescription
        {
            Claims = new Dictionary<string, string> { ["iss"] = issuer, ["sub"] = subject, ["aud"] = "enrichment" },
            Scopes = null,
        },
    };

    public ApiRequestBuilder WithAuthorizer(APIGatewayHttpApiV2ProxyRequest.AuthorizerDescription? context)
    {
        authorizer = context;
        return this;
    }

    public ApiRequestBuilder SignedBy(string userArn) => WithAuthorizer(Iam(userArn));

    public static ApiRequestBuilder Get(string path) => new() { method = "GET", path = path };

    public static ApiRequestBuilder Post(string path) => new() { method = "POST", path = path };

    public static ApiRequestBuilder Request(string method, string path) => new() { method = method, path = path };

    public ApiRequestBuilder WithHeader(string name, string value)
    {
        headers[name] = value;
        return this;
    }

    public ApiRequestBuilder WithQuery(string name, string value)
    {
        query[name] = value;
        return this;
    }

    public ApiRequestBuilder WithBody(string text, string contentType)
    {
        body = text;
        base64 = false;
        headers["content-type"] = contentType;
        return this;
    }

    public ApiRequestBuilder WithBase64Body(byte[] bytes, string contentType)
    {
        body = Convert.ToBase64String(bytes);
        base64 = true;
        headers["content-type"] = contentType;
        return this;
    }

    public ApiRequestBuilder WithStage(string name)
    {
        stage = name;
        return this;
    }

    public APIGatewayHttpApiV2ProxyRequest Build()
    {
        var rawPath = stage == "$default" ? path : $"/{stage}{path}";
        return new APIGatewayHttpApiV2ProxyRequest
        {
            Version = "2.0",
            RouteKey = "$default",
            RawPath = rawPath,
            RawQueryString = string.Join('&', query.Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value)}")),
            Headers = new Dictionary<string, string>(headers),
            QueryStringParameters = query.Count == 0 ? null : new Dictionary<string, string>(query),
            Body = body,
            IsBase64Encoded = base64,
            RequestContext = new APIGatewayHttpApiV2ProxyRequest.ProxyRequestContext
            {
                AccountId = "123456789012",
                ApiId = "api",
                DomainName = headers["host"],
                Stage = stage,
                Authorizer = authorizer,
                RequestId = "req-" + Guid.NewGuid().ToString("N")[..8],
                Http = new APIGatewayHttpApiV2ProxyRequest.HttpDescription { Method = method, Path = rawPath, Protocol = "HTTP/1.1", SourceIp = "127.0.0.1" },
            },
        };
    }

    public static string Utf8(string text) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));
}
