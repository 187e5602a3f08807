using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Amazon;
using Amazon.SQS;
using Enrichment.Aws.Sqs;
using Enrichment.Aws.Tests.Support;
using Enrichment.Core.Batching;

namespace Enrichment.Aws.Tests.Sqs;

/// <summary>
/// Entry-level failures inside a successful SendMessageBatch, which moto never produces: a loopback
/// stub speaks SQS's JSON protocol to the real SDK client and fails chosen entries.
/// </summary>
[TestFixture]
public sealed class SqsBatchQueueRetryTests
{
    private readonly List<string[]> _requests = [];
    private Func<int, string, (bool Fail, bool SenderFault)> _decide = (_, _) => (false, false);
    private LoopbackHttpServer _stub = null!;
    private AmazonSQSClient _client = null!;

    [SetUp]
    public void StartStub()
    {
        _requests.Clear();
        _stub = LoopbackHttpServer.Start(AnswerAsync);
        _client = new AmazonSQSClient(MotoClients.Credentials, new AmazonSQSConfig
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

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var request = JsonNode.Parse(await reader.ReadToEndAsync())!;
        int call;
        var ids = request["Entries"]!.AsArray().Select(entry => entry!["Id"]!.GetValue<string>()).ToArray();
        lock (_requests)
        {
            _requests.Add(ids);
            call = _requests.Count;
        }

        var successful = new JsonArray();
        var failed = new JsonArray();
        foreach (var entry in request["Entries"]!.AsArray())
        {
            var id = entry!["Id"]!.GetValue<string>();
            var (fail, senderFault) = _decide(call, id);
            if (fail)
            {
                failed.Add(new JsonObject { ["Id"] = id, ["SenderFault"] = senderFault, ["Code"] = senderFault ? "InvalidParameterValue" : "InternalError", ["Message"] = "injected" });
            }
            else
            {
                var body = entry["MessageBody"]!.GetValue<string>();
                // The SDK checks SQS's MD5 of each body; MD5 is SQS's choice, not a security use.
#pragma warning disable CA5351
                var md5 = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(body)));
#pragma warning restore CA5351
                successful.Add(new JsonObject
                {
                    ["Id"] = id,
                    ["MessageId"] = Guid.NewGuid().ToString(),
                    ["MD5OfMessageBody"] = md5,
                });
            }
        }

        var response = new JsonObject { ["Successful"] = successful, ["Failed"] = failed };
        var bytes = Encoding.UTF8.GetBytes(response.ToJsonString());
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/x-amz-json-1.0";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
    }

    private static List<BatchMessage> Messages(int count) =>
        Enumerable.Range(0, count).Select(i => new BatchMessage("job-r", 0, i, [new BatchRow(i, ["x"])])).ToList();

    [Test]
    public async Task TransientEntryFailure_IsResentAlone_AndTheSendSucceeds()
    {
        _decide = (call, id) => (call == 1 && id == "m1", false);

        await new SqsBatchQueue(_client, _stub.Endpoint + "123456789012/q", TimeProvider.System).SendAsync(Messages(3), CancellationToken.None);

        Assert.That(_requests, Has.Count.EqualTo(2));
        Assert.That(_requests[0], Is.EqualTo(new[] { "m0", "m1", "m2" }));
        Assert.That(_requests[1], Is.EqualTo(new[] { "m1" }));
    }

    [Test]
    public void SenderFault_IsNotRetried_AndIsReportedWithItsBatch()
    {
        _decide = (_, id) => (id == "m2", true);

        var exception = Assert.ThrowsAsync<BatchQueueSendException>(
            () => new SqsBatchQueue(_client, _stub.Endpoint + "123456789012/q", TimeProvider.System).SendAsync(Messages(4), CancellationToken.None));

        Assert.That(exception!.FailedBatchIndexes, Is.EqualTo(new[] { 2 }));
        Assert.That(exception.Message, Does.Contain("1 of 4").And.Contain("InvalidParameterValue"));
        Assert.That(_requests, Has.Count.EqualTo(1));
    }

    [Test]
    public void TransientFailureThatPersists_StopsAfterTheAttemptBound_AndThrows()
    {
        _decide = (_, id) => (id == "m0", false);

        var exception = Assert.ThrowsAsync<BatchQueueSendException>(
            () => new SqsBatchQueue(_client, _stub.Endpoint + "123456789012/q", TimeProvider.System, maxAttempts: 3).SendAsync(Messages(2), CancellationToken.None));

        Assert.That(exception!.FailedBatchIndexes, Is.EqualTo(new[] { 0 }));
        Assert.That(_requests, Has.Count.EqualTo(3));
        Assert.That(_requests.Skip(1), Has.All.EqualTo(new[] { "m0" }));
    }
}
