using System.Text.Json;
using Enrichment.Lambda.APIGatewayEvents;

namespace Enrichment.Functions.Api;

/// <summary>
/// Who is calling, from what API Gateway's authorizer put in the request context (payload v2):
/// a JWT's issuer and subject, an IAM principal, or a Lambda authorizer's <c>caller</c> (what the
/// local host sets for an API key). Null when there is none: the API then answers 401.
/// </summary>
public static class CallerIdentity
{
    /// <summary>The Lambda authorizer context key naming the caller.</summary>
    public const string LambdaCallerKey = "caller";

    public static string? Of(APIGatewayHttpApiV2ProxyRequest request)
    {
        var authorizer = request.RequestContext?.Authorizer;
        if (authorizer?.Jwt?.Claims is { } claims
            && claims.TryGetValue("iss", out var issuer) && !string.IsNullOrWhiteSpace(issuer)
            && claims.TryGetValue("sub", out var subject) && !string.IsNullOrWhiteSpace(subject))
        {
            // A subject is unique only within its issuer.
            return $"jwt:{issuer}#{subject}";
        }

        if (authorizer?.IAM?.UserArn is { Length: > 0 } arn)
        {
            return $"iam:{Principal(arn)}";
        }

        if (authorizer?.Lambda is { } context && context.TryGetValue(LambdaCallerKey, out var caller)
            && caller.ValueKind == JsonValueKind.String && caller.GetString() is { Length: > 0 } name)
        {
            return $"key:{name}";
        }

        return null;
    }

    /// <summary>
    /// An assumed role's ARN names its session too (<c>arn:aws:sts::1:assumed-role/Role/session</c>),
    /// and sessions come and go (every Lambda container has its own): the role is the principal.
    /// </summary>
    public static string Principal(string arn)
    {
        var marker = ":assumed-role/";
        var at = arn.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return arn;
        }

        var roleEnd = arn.IndexOf('/', at + marker.Length);
        return roleEnd < 0 ? arn : arn[..roleEnd];
    }
}
