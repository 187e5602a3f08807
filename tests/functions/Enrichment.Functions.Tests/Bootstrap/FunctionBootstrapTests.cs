using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Enrichment.Testing.Lambda;
using Enrichment.Testing.Moto;

namespace Enrichment.Functions.Tests.Bootstrap;

/// <summary>
/// Each function's executable, run as its own process against a fake Lambda Runtime API on
/// loopback, wired to moto through the environment Terraform gives it: it answers a real event,
/// reports a bad one through the error endpoint, and keeps serving.
/// </summary>
[NonParallelizable]
public sealed class FunctionBootstrapTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private MotoServer _moto = null!;
    private string _table = null!;

    public static IEnumerable<TestCaseData> Functions()
    {
        yield return new TestCaseData("Enrichment.Api", "{\"version\":\"2.0\",\"rawPath\":\"/jobs/unknown-job\",\"headers\":{\"host\":\"api.example.com\"},\"requestContext\":{\"authorizer\":{\"iam\":{\"userArn\":\"arn:aws:iam::123456789012:user/alice\"}},\"http\":{\"method\":\"GET\",\"path\":\"/jobs/unknown-job\"},\"stage\":\"$default\"},\"isBase64Encoded\":false}", "\"statusCode\":404")
            .SetName("Bootstrap_Api_AnswersAndKeepsServing");
        yield return new TestCaseData("Enrichment.Split", "{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"uploads/unknown-job/list.csv\",\"size\":1}}}]}", "\"status\":\"failed\"")
            .SetName("Bootstrap_Split_AnswersAndKeepsServing");
        yield return new TestCaseData("Enrichment.Worker", "{\"Records\":[{\"messageId\":\"m1\",\"receiptHandle\":\"h\",\"body\":\"{\\\"jobId\\\":\\\"unknown-job\\\",\\\"attempt\\\":0,\\\"batchIndex\\\":0,\\\"rows\\\":[{\\\"row\\\":1,\\\"values\\\":[\\\"a@b.com\\\"]}]}\",\"attributes\":{\"ApproximateReceiveCount\":\"1\"},\"eventSourceARN\":\"arn:aws:sqs:us-east-1:123456789012:batches\"}]}", "\"batchItemFailures\":[]")
            .SetName("Bootstrap_Worker_AnswersAndKeepsServing");
        yield return new TestCaseData("Enrichment.CheckCompletion", "{\"jobId\":\"unknown-job\",\"attempt\":0,\"waitSeconds\":1}", "\"done\":true")
            .SetName("Bootstrap_CheckCompletion_AnswersAndKeepsServing");
        yield return new TestCaseData("Enrichment.Aggregate", "{\"jobId\":\"unknown-job\",\"attempt\":0}", "\"status\":\"missing\"")
            .SetName("Bootstrap_Aggregate_AnswersAndKeepsServing");
        yield return new TestCaseData("Enrichment.Webhook", "{\"jobId\":\"unknown-job\"}", "\"outcome\":\"none\"")
            .SetName("Bootstrap_Webhook_AnswersAndKeepsServing");
    }

    [OneTimeSetUp]
    public async Task StartMotoAsync()
    {
        _moto = await MotoServer.StartAsync();
        using var dynamo = new AmazonDynamoDBClient(new BasicAWSCredentials("test", "test"), new AmazonDynamoDBConfig { ServiceURL = _moto.Endpoint.ToString(), AuthenticationRegion = _moto.Region });
        _table = "control-" + Guid.NewGuid().ToString("N")[..8];
        await dynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = _table,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition("pk", ScalarAttributeType.S), new AttributeDefinition("sk", ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement("pk", KeyType.HASH), new KeySchemaElement("sk", KeyType.RANGE)],
        });
    }

    [OneTimeTearDown]
    public async Task StopMotoAsync() => await _moto.DisposeAsync();

    [TestCaseSource(nameof(Functions))]
    public async Task Bootstrap_AnswersReportsErrorsAndKeepsServing(string project, string validEvent, string expected)
    {
        await using var runtime = await FakeLambdaRuntimeApi.StartAsync();
        var dll = Path.Combine(AppContext.BaseDirectory, project + ".dll");
        Assert.That(File.Exists(dll), Is.True, dll);
        await using var function = LambdaFunctionProcess.StartDll(dll, runtime.RuntimeApi, Environment());

        var first = await runtime.InvokeAsync(validEvent, Timeout);
        var broken = await runtime.InvokeAsync("this is not an event", Timeout);
        var again = await runtime.InvokeAsync(validEvent, Timeout);

        Assert.That(first.Succeeded, Is.True, first.ToString() + function.Output);
        Assert.That(Compact(first.Body), Does.Contain(expected));
        Assert.That(broken.IsError, Is.True);
        Assert.That(broken.ErrorMessage, Does.Not.Contain("this is not an event"), "error reports never echo the payload");
        Assert.That(again.Succeeded, Is.True, "the bootstrap keeps serving after an error");
        Assert.That(Compact(again.Body), Is.EqualTo(Compact(first.Body)));
    }

    [Test]
    public async Task Bootstrap_Worker_AServiceLineOfAnInvocation_CarriesItsRequestIdAndJobId_AsJson()
    {
        await using var runtime = await FakeLambdaRuntimeApi.StartAsync();
        var dll = Path.Combine(AppContext.BaseDirectory, "Enrichment.Worker.dll");
        await using var function = LambdaFunctionProcess.StartDll(dll, runtime.RuntimeApi, [.. Environment().Where(v => v.Name != "LOG_LEVEL"), ("LOG_LEVEL", "info")]);
        var worker = Functions().Single(f => (string)f.Arguments[0]! == "Enrichment.Worker");

        var result = await runtime.WaitForResultAsync(runtime.Enqueue((string)worker.Arguments[1]!, requestId: "req-e2e"), Timeout);
        // SIGTERM ends the loop; once the process has exited, every line it wrote has been read.
        await function.TerminateAsync(Timeout);
        Assert.That(await function.WaitForExitAsync(Timeout), Is.Zero);

        Assert.That(result.Succeeded, Is.True, result.ToString() + function.Output);
        var serviceLines = function.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.StartsWith('{'))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(line => line.GetProperty("message").GetString()!.Contains("batch 0", StringComparison.Ordinal))
            .ToList();
        Assert.That(serviceLines, Is.Not.Empty, function.Output);
        Assert.Multiple(() =>
        {
            Assert.That(serviceLines.Select(line => line.GetProperty("requestId").GetString()), Is.All.EqualTo("req-e2e"));
            Assert.That(serviceLines.Select(line => line.GetProperty("jobId").GetString()), Is.All.EqualTo("unknown-job"));
        });
    }

    private (string Name, string Value)[] Environment() =>
    [
        ("AWS_REGION", _moto.Region),
        ("AWS_ACCESS_KEY_ID", "test"),
        ("AWS_SECRET_ACCESS_KEY", "test"),
        ("AWS_ENDPOINT_URL", _moto.Endpoint.ToString()),
        ("ENRICHMENT_TABLE", _table),
        ("ENRICHMENT_QUEUE_URL", $"{_moto.Endpoint}123456789012/batches"),
        ("ENRICHMENT_DLQ_ARN", "arn:aws:sqs:us-east-1:123456789012:batches-dlq"),
        ("ENRICHMENT_BUCKET", "enrichment-test"),
        ("ENRICHMENT_STATE_MACHINE_ARN", "arn:aws:states:us-east-1:123456789012:stateMachine:enrichment"),
        ("LOG_LEVEL", "warn"),
    ];

    private static string Compact(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement);
    }
}
