using System.Text.Json;
using Enrichment.Functions.Api;
using Enrichment.Lambda.APIGatewayEvents;
using Enrichment.Lambda.Serialization;
using Enrichment.Testing.Events;

namespace Enrichment.Functions.Tests.Api;

/// <summary>The job owner read from API Gateway's request context, as AWS's payload v2 JSON carries it.</summary>
public sealed class CallerIdentityTests
{
    [Test]
    public void Of_JwtContextFromAwsJson_IsIssuerAndSubject()
    {
        // The shape AWS documents for a JWT authorizer (payload format 2.0).
        const string json = """
            {"version":"2.0","routeKey":"$default","rawPath":"/jobs","requestContext":{"accountId":"123456789012","apiId":"api",
             "authorizer":{"jwt":{"claims":{"iss":"https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc","sub":"0f1e2d3c","aud":"client"},"scopes":null}},
             "domainName":"api.example.com","http":{"method":"GET","path":"/jobs","protocol":"HTTP/1.1","sourceIp":"1.2.3.4"},"stage":"$default"}}
            """;
        var request = JsonSerializer.Deserialize(json, LambdaEventJsonContext.Default.APIGatewayHttpApiV2ProxyRequest)!;

        Assert.That(CallerIdentity.Of(request), Is.EqualTo("jwt:https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc#0f1e2d3c"));
    }

    [Test]
    public void Of_IamContextFromAwsJson_IsTheUserArn()
    {
        const string json = """
            {"version":"2.0","rawPath":"/jobs","requestContext":{"authorizer":{"iam":{"accessKey":"AKIA","accountId":"123456789012",
             "callerId":"AIDA","principalOrgId":null,"userArn":"arn:aws:iam::123456789012:user/alice","userId":"AIDA"}},
             "http":{"method":"GET","path":"/jobs"}}}
            """;
        var request = JsonSerializer.Deserialize(json, LambdaEventJsonContext.Default.APIGatewayHttpApiV2ProxyRequest)!;

        Assert.That(CallerIdentity.Of(request), Is.EqualTo("iam:arn:aws:iam::123456789012:user/alice"));
    }

    [Test]
    public void Of_AssumedRole_IsTheRoleWhateverTheSession()
    {
        var first = ApiRequestBuilder.Get("/jobs/x").SignedBy("arn:aws:sts::123456789012:assumed-role/Importer/session-1").Build();
        var second = ApiRequestBuilder.Get("/jobs/x").SignedBy("arn:aws:sts::123456789012:assumed-role/Importer/i-0abc").Build();

        Assert.That(CallerIdentity.Of(first), Is.EqualTo("iam:arn:aws:sts::123456789012:assumed-role/Importer"));
        Assert.That(CallerIdentity.Of(second), Is.EqualTo(CallerIdentity.Of(first)));
    }

    [Test]
    public void Of_SameSubjectFromAnotherIssuer_IsAnotherCaller()
    {
        var a = ApiRequestBuilder.Get("/jobs/x").WithAuthorizer(ApiRequestBuilder.Jwt("https://a.example", "42")).Build();
        var b = ApiRequestBuilder.Get("/jobs/x").WithAuthorizer(ApiRequestBuilder.Jwt("https://b.example", "42")).Build();

        Assert.That(CallerIdentity.Of(a), Is.Not.EqualTo(CallerIdentity.Of(b)));
    }

    [Test]
    public void Of_NoAuthorizerOrAJwtWithoutSubject_IsNobody()
    {
        var none = ApiRequestBuilder.Get("/jobs/x").WithAuthorizer(null).Build();
        var noSubject = ApiRequestBuilder.Get("/jobs/x").WithAuthorizer(new APIGatewayHttpApiV2ProxyRequest.AuthorizerDescription
        {
            Jwt = new APIGatewayHttpApiV2ProxyRequest.JwtDescription { Claims = new Dictionary<string, string> { ["iss"] = "https://a.example" } },
        }).Build();

        Assert.That(CallerIdentity.Of(none), Is.Null);
        Assert.That(CallerIdentity.Of(noSubject), Is.Null);
    }
}
