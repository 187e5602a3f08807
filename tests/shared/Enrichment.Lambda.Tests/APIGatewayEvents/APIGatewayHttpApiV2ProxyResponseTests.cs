using System.Text.Json;
using Enrichment.Lambda.APIGatewayEvents;
using Enrichment.Lambda.Serialization;

namespace Enrichment.Lambda.Tests.APIGatewayEvents;

public sealed class APIGatewayHttpApiV2ProxyResponseTests
{
    [Test]
    public void Serialize_WritesThePayloadV2ResponseNames()
    {
        var response = new APIGatewayHttpApiV2ProxyResponse
        {
            StatusCode = 202,
            Headers = new Dictionary<string, string> { ["content-type"] = "application/json" },
            Cookies = ["session=abc"],
            Body = "{\"jobId\":\"j-1\"}",
            IsBase64Encoded = false,
        };

        var json = JsonSerializer.Serialize(response, LambdaEventJsonContext.Default.APIGatewayHttpApiV2ProxyResponse);

        Assert.That(json, Is.EqualTo(
            "{\"statusCode\":202,\"headers\":{\"content-type\":\"application/json\"},\"cookies\":[\"session=abc\"],"
            + "\"body\":\"{\\u0022jobId\\u0022:\\u0022j-1\\u0022}\",\"isBase64Encoded\":false}"));
    }

    [Test]
    public void Serialize_LeavesOutMembersThatAreNull()
    {
        var json = JsonSerializer.Serialize(new APIGatewayHttpApiV2ProxyResponse { StatusCode = 204 }, LambdaEventJsonContext.Default.APIGatewayHttpApiV2ProxyResponse);

        Assert.That(json, Is.EqualTo("{\"statusCode\":204,\"isBase64Encoded\":false}"));
    }

    [Test]
    public void RoundTrip_KeepsEveryMember()
    {
        var response = new APIGatewayHttpApiV2ProxyResponse
        {
            StatusCode = 200,
            Headers = new Dictionary<string, string> { ["x-a"] = "1" },
            Body = "AAEC",
            IsBase64Encoded = true,
        };

        var copy = JsonSerializer.Deserialize(
            JsonSerializer.Serialize(response, LambdaEventJsonContext.Default.APIGatewayHttpApiV2ProxyResponse),
            LambdaEventJsonContext.Default.APIGatewayHttpApiV2ProxyResponse)!;

        Assert.Multiple(() =>
        {
            Assert.That(copy.StatusCode, Is.EqualTo(200));
            Assert.That(copy.Headers!["x-a"], Is.EqualTo("1"));
            Assert.That(copy.Body, Is.EqualTo("AAEC"));
            Assert.That(copy.IsBase64Encoded, Is.True);
        });
    }
}
