using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Amazon;
using Amazon.SimpleSystemsManagement;
using Enrichment.Aws.Ssm;
using Enrichment.Aws.Tests.Support;

namespace Enrichment.Aws.Tests.Ssm;

/// <summary>
/// Failures moto does not produce: a loopback stub speaks Parameter Store's JSON protocol to the
/// real SDK client and answers each GetParameter as the test says.
/// </summary>
[TestFixture]
public sealed class SsmSecretParametersTests
{
    private const string Name = "/enrichment/providers/person-api/api-key";
    private const string Secret = "sk_live_never_in_an_error";

    private readonly List<JsonObject> _requests = [];
    private Func<(int Status, string Body)> _answer = () => (500, "{}");
    private LoopbackHttpServer _stub = null!;
    private AmazonSimpleSystemsManagementClient _client = null!;

    [SetUp]
    public void StartStub()
    {
        _requests.Clear();
        _stub = LoopbackHttpServer.Start(AnswerAsync);
        _client = new AmazonSimpleSystemsManagementClient(MotoClients.Credentials, new AmazonSimpleSystemsManagementConfig
        {
            RegionEndpoint = RegionEndpoint.USEast1,
            ServiceURL = _stub.Endpoint.ToString(),
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
        });
    }

    [TearDown]
    public async Task StopStubAsync()
    {
        _client.Dispose();
        await _stub.DisposeAsync();
    }

    [Test]
    public async Task Reads_ask_for_decryption_and_answer_the_value()
    {
        _answer = () => (200, new JsonObject
        {
            ["Parameter"] = new JsonObject { ["Name"] = Name, ["Type"] = "SecureString", ["Value"] = Secret, ["Version"] = 1 },
        }.ToJsonString());

        var value = await new SsmSecretParameters(_client).GetAsync(Name, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(value, Is.EqualTo(Secret));
            Assert.That(_requests.Single()["Name"]!.GetValue<string>(), Is.EqualTo(Name));
            Assert.That(_requests.Single()["WithDecryption"]!.GetValue<bool>(), Is.True);
        });
    }

    [Test]
    public async Task Parameter_not_found_reads_as_null()
    {
        _answer = () => (400, """{"__type":"ParameterNotFound","message":"not here"}""");

        Assert.That(await new SsmSecretParameters(_client).GetAsync(Name, CancellationToken.None), Is.Null);
    }

    [TestCase(400, "AccessDeniedException")]
    [TestCase(400, "InvalidKeyId")]
    [TestCase(500, "InternalServerError")]
    public void Other_failures_surface_naming_the_parameter_and_the_error(int status, string code)
    {
        _answer = () => (status, $$"""{"__type":"{{code}}","message":"injected"}""");

        var error = Assert.ThrowsAsync<SecretParameterException>(
            async () => await new SsmSecretParameters(_client).GetAsync(Name, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain(Name).And.Contain(code));
    }

    [Test]
    public void A_garbled_answer_fails_without_echoing_what_it_carried()
    {
        // The SDK quotes a response it cannot parse in its exception; the adapter must not pass that on.
        _answer = () => (200, "{\"Parameter\": {\"Value\": \"" + Secret + "\", \"Version\": \"not-a-number\"");

        var error = Assert.ThrowsAsync<SecretParameterException>(
            async () => await new SsmSecretParameters(_client).GetAsync(Name, CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain(Name));
            Assert.That(error.ToString(), Does.Not.Contain(Secret));
        });
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var request = JsonNode.Parse(await reader.ReadToEndAsync())!.AsObject();
        lock (_requests)
        {
            _requests.Add(request);
        }

        var (status, body) = _answer();
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/x-amz-json-1.1";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
    }
}
