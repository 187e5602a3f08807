using System.Collections.Specialized;
using System.Net;
using System.Text;
using Amazon.Runtime;
using Enrichment.Aws.StepFunctions;
using Enrichment.Aws.Tests.Support;
using Enrichment.Core.Serialization.StepFunctions;

namespace Enrichment.Aws.Tests.StepFunctions;

/// <summary>
/// Wire format, signing and retries of the Step Functions client, against a loopback stub that
/// answers what moto cannot be made to (throttling, 5xx, hangs) and records every request.
/// </summary>
[TestFixture]
public sealed class StepFunctionsClientRetryTests
{
    private const string OkBody = "{\"executionArn\":\"arn:aws:states:us-east-1:123456789012:execution:sm:job-1\",\"startDate\":1795435200.125}";

    private readonly List<Recorded> _requests = [];
    private readonly Queue<(int Status, string Body)> _answers = new();
    private TaskCompletionSource _release = new();
    private bool _hangFirst;
    private LoopbackHttpServer _stub = null!;
    private HttpClient _http = null!;

    private sealed record Recorded(string Method, string Path, NameValueCollection Headers, byte[] Body);

    [SetUp]
    public void StartStub()
    {
        _requests.Clear();
        _answers.Clear();
        _hangFirst = false;
        _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _stub = LoopbackHttpServer.Start(AnswerAsync);
        _http = new HttpClient();
    }

    [TearDown]
    public async Task StopStubAsync()
    {
        _release.TrySetResult();
        _http.Dispose();
        await _stub.DisposeAsync();
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        int count;
        (int Status, string Body) answer;
        lock (_requests)
        {
            _requests.Add(new Recorded(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, new NameValueCollection(context.Request.Headers), body.ToArray()));
            count = _requests.Count;
            answer = _answers.Count > 0 ? _answers.Dequeue() : (200, OkBody);
        }

        if (_hangFirst && count == 1)
        {
            // Holds the first answer until the test ends: the client's attempt timeout must give up first.
            await _release.Task;
        }

        var bytes = Encoding.UTF8.GetBytes(answer.Body);
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = "application/x-amz-json-1.0";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
    }

    private StepFunctionsClient NewClient(AWSCredentials? credentials = null, int maxAttempts = 4, TimeSpan? attemptTimeout = null) =>
        new(_http, _stub.Endpoint, "eu-west-1", credentials ?? new BasicAWSCredentials("AKIDTEST", "secret-test-key"), TimeProvider.System, maxAttempts, attemptTimeout);

    private static SfnStartExecutionRequest Start() =>
        new("arn:aws:states:eu-west-1:123456789012:stateMachine:sm", "job-1-0", "{\"jobId\":\"job-1\",\"attempt\":0,\"waitSeconds\":10}");

    [Test]
    public async Task Request_IsAwsJson10WithTargetHeader_AndACorrectSigV4Signature()
    {
        var response = await NewClient().StartExecutionAsync(Start(), CancellationToken.None);

        var request = _requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.Method, Is.EqualTo("POST"));
            Assert.That(request.Path, Is.EqualTo("/"));
            Assert.That(request.Headers["Content-Type"], Is.EqualTo("application/x-amz-json-1.0"));
            Assert.That(request.Headers["X-Amz-Target"], Is.EqualTo("AWSStepFunctions.StartExecution"));
            Assert.That(Encoding.UTF8.GetString(request.Body), Is.EqualTo("{\"stateMachineArn\":\"arn:aws:states:eu-west-1:123456789012:stateMachine:sm\",\"name\":\"job-1-0\",\"input\":\"{\\u0022jobId\\u0022:\\u0022job-1\\u0022,\\u0022attempt\\u0022:0,\\u0022waitSeconds\\u0022:10}\"}"));
            Assert.That(SigV4Verifier.Scope(request.Headers), Does.Match(@"^\d{8}/eu-west-1/states/aws4_request$"));
            Assert.That(SigV4Verifier.SignedHeaders(request.Headers), Is.SupersetOf(new[] { "host", "x-amz-date", "x-amz-target", "content-type" }));
            Assert.That(SigV4Verifier.Verify(request.Method, request.Path, request.Headers, request.Body, "secret-test-key"), Is.Null);
            Assert.That(SigV4Verifier.Verify(request.Method, request.Path, request.Headers, request.Body, "another-key"), Is.EqualTo("signature mismatch"), "the check can fail");
            Assert.That(SigV4Verifier.Verify(request.Method, request.Path, request.Headers, [.. request.Body, (byte)' '], "secret-test-key"), Is.EqualTo("signature mismatch"), "the body is signed");
            Assert.That(response.ExecutionArn, Does.EndWith(":job-1"));
            Assert.That(response.StartDate, Is.EqualTo(DateTimeOffset.FromUnixTimeMilliseconds(1795435200125)));
        });
    }

    [Test]
    public async Task TemporaryCredentials_SendAndSignTheSessionToken()
    {
        await NewClient(new SessionAWSCredentials("ASIATEST", "session-secret", "token-123")).StartExecutionAsync(Start(), CancellationToken.None);

        var request = _requests.Single();
        Assert.That(request.Headers["X-Amz-Security-Token"], Is.EqualTo("token-123"));
        Assert.That(SigV4Verifier.SignedHeaders(request.Headers), Does.Contain("x-amz-security-token"));
        Assert.That(SigV4Verifier.Verify(request.Method, request.Path, request.Headers, request.Body, "session-secret"), Is.Null);
    }

    [Test]
    public async Task Throttling400_IsRetried_ThenSucceeds_EachAttemptSignedAfresh()
    {
        _answers.Enqueue((400, "{\"__type\":\"com.amazon.coral.availability#ThrottlingException\",\"message\":\"Rate exceeded\"}"));

        var response = await NewClient().StartExecutionAsync(Start(), CancellationToken.None);

        Assert.That(_requests, Has.Count.EqualTo(2));
        Assert.That(response.ExecutionArn, Does.EndWith(":job-1"));
        Assert.That(_requests.Select(r => SigV4Verifier.Verify(r.Method, r.Path, r.Headers, r.Body, "secret-test-key")), Has.All.Null);
    }

    [TestCase(429, "{\"message\":\"slow down\"}")]
    [TestCase(500, "{\"__type\":\"InternalFailure\"}")]
    [TestCase(503, "")]
    public async Task TooManyRequestsAndServerErrors_AreRetried(int status, string body)
    {
        _answers.Enqueue((status, body));
        _answers.Enqueue((status, body));

        await NewClient().StartExecutionAsync(Start(), CancellationToken.None);

        Assert.That(_requests, Has.Count.EqualTo(3));
    }

    [Test]
    public void PersistentThrottling_GivesUpAfterTheAttemptBound()
    {
        for (var i = 0; i < 10; i++)
        {
            _answers.Enqueue((400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}"));
        }

        var exception = Assert.ThrowsAsync<StepFunctionsException>(() => NewClient(maxAttempts: 3).StartExecutionAsync(Start(), CancellationToken.None));

        Assert.That(exception!.ErrorCode, Is.EqualTo("ThrottlingException"));
        Assert.That(exception.IsTransient, Is.True);
        Assert.That(_requests, Has.Count.EqualTo(3));
    }

    [Test]
    public void ClientError_IsNotRetried_AndKeepsTheAwsCodeAndMessage()
    {
        _answers.Enqueue((400, "{\"__type\":\"ValidationException\",\"Message\":\"name too long\"}"));

        var exception = Assert.ThrowsAsync<StepFunctionsException>(() => NewClient().StartExecutionAsync(Start(), CancellationToken.None));

        Assert.That(exception!.ErrorCode, Is.EqualTo("ValidationException"));
        Assert.That(exception.Message, Does.Contain("name too long"));
        Assert.That(exception.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(_requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task HungAttempt_TimesOutAndIsRetried()
    {
        _hangFirst = true;

        var response = await NewClient(attemptTimeout: TimeSpan.FromMilliseconds(500)).StartExecutionAsync(Start(), CancellationToken.None);

        Assert.That(response.ExecutionArn, Does.EndWith(":job-1"));
        Assert.That(_requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Starter_ExecutionAlreadyExistsFromTheWire_IsANoOp()
    {
        _answers.Enqueue((400, "{\"__type\":\"ExecutionAlreadyExists\",\"message\":\"Execution Already Exists\"}"));
        var starter = new StepFunctionsWorkflowStarter(NewClient(), "arn:aws:states:eu-west-1:123456789012:stateMachine:sm");

        await starter.StartAsync("job-1-0", new Core.Workflow.PollerInput("job-1", 0, 10), CancellationToken.None);

        Assert.That(_requests, Has.Count.EqualTo(1));
    }

    [Test]
    public void Cancellation_StopsRetrying()
    {
        for (var i = 0; i < 10; i++)
        {
            _answers.Enqueue((503, ""));
        }

        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.That(async () => await NewClient().StartExecutionAsync(Start(), cancellation.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(_requests, Is.Empty);
    }
}
