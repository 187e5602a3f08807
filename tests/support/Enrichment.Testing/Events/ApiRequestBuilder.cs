using System.Text;
using Enrichment.Lambda.APIGatewayEvents;

namespace Enrichment.Testing.Events;

/// <summary>Builds HTTP API (payload v2) events the way API Gateway sends them.</summary>
public sealed class ApiRequestBuilder
{
    private readonly Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase) { ["host"] = "api.example.com" };
    private readonly Dictionary<string, string> _query = [];
    private string _method = "GET";
    private string _path = "/";
    private string? _body;
    private bool _base64;
    private string _stage = "$default";
    private APIGatewayHttpApiV2ProxyRequest.AuthorizerDescription? _authorizer = Iam(DefaultCallerArn);

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
        _authorizer = context;
        return this;
    }

    public ApiRequestBuilder SignedBy(string userArn) => WithAuthorizer(Iam(userArn));

    public static ApiRequestBuilder Get(string path) => new() { _method = "GET", _path = path };

    public static ApiRequestBuilder Post(string path) => new() { _method = "POST", _path = path };

    public static ApiRequestBuilder Request(string method, string path) => new() { _method = method, _path = path };

    public ApiRequestBuilder WithHeader(string name, string value)
    {
        _headers[name] = value;
        return this;
    }

    public ApiRequestBuilder WithQuery(string name, string value)
    {
        _query[name] = value;
        return this;
    }

    public ApiRequestBuilder WithBody(string text, string contentType)
    {
        _body = text;
        _base64 = false;
        _headers["content-type"] = contentType;
        return this;
    }

    public ApiRequestBuilder WithBase64Body(byte[] bytes, string contentType)
    {
        _body = Convert.ToBase64String(bytes);
        _base64 = true;
        _headers["content-type"] = contentType;
        return this;
    }

    public ApiRequestBuilder WithStage(string name)
    {
        _stage = name;
        return this;
    }

    public APIGatewayHttpApiV2ProxyRequest Build()
    {
        var rawPath = _stage == "$default" ? _path : $"/{_stage}{_path}";
        return new APIGatewayHttpApiV2ProxyRequest
        {
            Version = "2.0",
            RouteKey = "$default",
            RawPath = rawPath,
            RawQueryString = string.Join('&', _query.Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value)}")),
            Headers = new Dictionary<string, string>(_headers),
            QueryStringParameters = _query.Count == 0 ? null : new Dictionary<string, string>(_query),
            Body = _body,
            IsBase64Encoded = _base64,
            RequestContext = new APIGatewayHttpApiV2ProxyRequest.ProxyRequestContext
            {
                AccountId = "123456789012",
                ApiId = "api",
                DomainName = _headers["host"],
                Stage = _stage,
                Authorizer = _authorizer,
                RequestId = "req-" + Guid.NewGuid().ToString("N")[..8],
                Http = new APIGatewayHttpApiV2ProxyRequest.HttpDescription { Method = _method, Path = rawPath, Protocol = "HTTP/1.1", SourceIp = "127.0.0.1" },
            },
        };
    }

    public static string Utf8(string text) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));
}
