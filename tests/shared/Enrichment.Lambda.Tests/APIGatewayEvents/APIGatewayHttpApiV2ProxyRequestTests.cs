using System.Text.Json;
using Enrichment.Lambda.APIGatewayEvents;
using Enrichment.Lambda.Serialization;

namespace Enrichment.Lambda.Tests.APIGatewayEvents;

public sealed class APIGatewayHttpApiV2ProxyRequestTests
{
    private static APIGatewayHttpApiV2ProxyRequest Read(string json) =>
        JsonSerializer.Deserialize(json, LambdaEventJsonContext.Default.APIGatewayHttpApiV2ProxyRequest)!;

    private static APIGatewayHttpApiV2ProxyRequest Sample() => Read(TestEvents.Read("http-api-v2-request.json"));

    [Test]
    public void Deserialize_ReadsTheTopLevelFieldsOfTheAwsSample()
    {
        var request = Sample();

        Assert.Multiple(() =>
        {
            Assert.That(request.Version, Is.EqualTo("2.0"));
            Assert.That(request.RouteKey, Is.EqualTo("$default"));
            Assert.That(request.RawPath, Is.EqualTo("/my/path"));
            Assert.That(request.RawQueryString, Is.EqualTo("parameter1=value1&parameter1=value2&parameter2=value"));
            Assert.That(request.Cookies, Is.EqualTo(new[] { "cookie1", "cookie2" }));
            Assert.That(request.Body, Is.EqualTo("Hello from Lambda"));
            Assert.That(request.IsBase64Encoded, Is.True);
        });
    }

    [Test]
    public void Deserialize_ReadsHeadersQueryParametersAndStageVariables()
    {
        var request = Sample();

        Assert.Multiple(() =>
        {
            Assert.That(request.Headers, Is.EquivalentTo(new Dictionary<string, string> { ["Header1"] = "value1", ["Header2"] = "value2" }));
            Assert.That(request.QueryStringParameters!["parameter1"], Is.EqualTo("value1,value2"));
            Assert.That(request.QueryStringParameters["parameter2"], Is.EqualTo("value"));
            Assert.That(request.StageVariables!["stageVariable1"], Is.EqualTo("value1"));
            Assert.That(request.StageVariables["stageVariable2"], Is.EqualTo("value2"));
            Assert.That(request.PathParameters, Is.Null, "API Gateway leaves out empty dictionaries");
        });
    }

    [Test]
    public void Deserialize_ReadsTheRequestContext()
    {
        var context = Sample().RequestContext;

        Assert.Multiple(() =>
        {
            Assert.That(context.AccountId, Is.EqualTo("123456789012"));
            Assert.That(context.ApiId, Is.EqualTo("api-id"));
            Assert.That(context.DomainName, Is.EqualTo("id.execute-api.us-east-1.amazonaws.com"));
            Assert.That(context.DomainPrefix, Is.EqualTo("domain-id"));
            Assert.That(context.RequestId, Is.EqualTo("request-id"));
            Assert.That(context.RouteId, Is.EqualTo("route-id"));
            Assert.That(context.RouteKey, Is.EqualTo("$default-route"));
            Assert.That(context.Stage, Is.EqualTo("$default-stage"));
            Assert.That(context.Time, Is.EqualTo("12/Mar/2020:19:03:58 +0000"));
            Assert.That(context.TimeEpoch, Is.EqualTo(1583348638390L));
        });
    }

    [Test]
    public void Deserialize_ReadsTheHttpDescription()
    {
        var http = Sample().RequestContext.Http;

        Assert.Multiple(() =>
        {
            Assert.That(http.Method, Is.EqualTo("POST"));
            Assert.That(http.Path, Is.EqualTo("/my/path"));
            Assert.That(http.Protocol, Is.EqualTo("HTTP/1.1"));
            Assert.That(http.SourceIp, Is.EqualTo("IP"));
            Assert.That(http.UserAgent, Is.EqualTo("agent"));
        });
    }

    [Test]
    public void Deserialize_ReadsJwtAuthorizerClaimsAndScopes()
    {
        var jwt = Sample().RequestContext.Authorizer!.Jwt!;

        Assert.Multiple(() =>
        {
            Assert.That(jwt.Claims, Is.EquivalentTo(new Dictionary<string, string> { ["claim1"] = "value1", ["claim2"] = "value2" }));
            Assert.That(jwt.Scopes, Is.EqualTo(new[] { "scope1", "scope2" }));
        });
    }

    [Test]
    public void Deserialize_ReadsPathParametersOfARoute()
    {
        var request = Read("""
            {"version":"2.0","routeKey":"GET /jobs/{id}","rawPath":"/jobs/j-42","rawQueryString":"",
             "headers":{"accept":"application/json"},"pathParameters":{"id":"j-42"},
             "requestContext":{"http":{"method":"GET","path":"/jobs/j-42"},"routeKey":"GET /jobs/{id}","timeEpoch":1},
             "isBase64Encoded":false}
            """);

        Assert.Multiple(() =>
        {
            Assert.That(request.RouteKey, Is.EqualTo("GET /jobs/{id}"));
            Assert.That(request.PathParameters!["id"], Is.EqualTo("j-42"));
            Assert.That(request.RequestContext.Http.Method, Is.EqualTo("GET"));
            Assert.That(request.Body, Is.Null);
            Assert.That(request.Cookies, Is.Null);
            Assert.That(request.RequestContext.Authorizer, Is.Null);
        });
    }

    [Test]
    public void Deserialize_KeepsALambdaAuthorizerContextOfAnyShape()
    {
        var request = Read("""
            {"routeKey":"$default","rawPath":"/","requestContext":{"http":{"method":"GET","path":"/"},
             "authorizer":{"lambda":{"tenant":"t-1","quota":5,"flags":{"beta":true}}}}}
            """);
        var lambda = request.RequestContext.Authorizer!.Lambda!;

        Assert.Multiple(() =>
        {
            Assert.That(lambda["tenant"].GetString(), Is.EqualTo("t-1"));
            Assert.That(lambda["quota"].GetInt32(), Is.EqualTo(5));
            Assert.That(lambda["flags"].GetProperty("beta").GetBoolean(), Is.True);
        });
    }

    [Test]
    public void Deserialize_ReadsAnIamAuthorizer()
    {
        var request = Read("""
            {"routeKey":"$default","rawPath":"/","requestContext":{"http":{"method":"GET","path":"/"},
             "authorizer":{"iam":{"accessKey":"AKIA","accountId":"111122223333","callerId":"AIDA","userArn":"arn:aws:iam::111122223333:user/u","userId":"AIDA"}}}}
            """);
        var iam = request.RequestContext.Authorizer!.IAM!;

        Assert.Multiple(() =>
        {
            Assert.That(iam.AccountId, Is.EqualTo("111122223333"));
            Assert.That(iam.UserArn, Is.EqualTo("arn:aws:iam::111122223333:user/u"));
            Assert.That(iam.AccessKey, Is.EqualTo("AKIA"));
        });
    }
}
