using System.Net;
using System.Text;
using Enrichment.Lambda.RuntimeSupport;
using Enrichment.Testing.Lambda;

namespace Enrichment.Lambda.Tests.RuntimeSupport;

[NonParallelizable] // the client sets the process-wide _X_AMZN_TRACE_ID
public sealed class LambdaRuntimeClientTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private FakeLambdaRuntimeApi _api = null!;
    private LambdaRuntimeClient _client = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _api = await FakeLambdaRuntimeApi.StartAsync();
        _client = new LambdaRuntimeClient(_api.RuntimeApi);
    }

    [TearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _api.DisposeAsync();
        Environment.SetEnvironmentVariable(LambdaRuntimeClient.TraceIdVariable, null);
    }

    [Test]
    public void BaseAddress_IsTheVersionedRuntimePath()
    {
        using var client = new LambdaRuntimeClient("127.0.0.1:9001");

        Assert.That(client.BaseAddress, Is.EqualTo(new Uri("http://127.0.0.1:9001/2018-06-01/runtime/")));
    }

    [Test]
    public async Task GetNextInvocation_ReturnsThePayloadAndItsHeaders()
    {
        var deadline = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds());
        _api.Enqueue(new FakeInvocation("req-1", "{\"a\":1}", deadline, "arn:aws:lambda:eu-west-1:123456789012:function:f", "Root=1-5759e988-bd862e3fe1be46a994272793"));

        var invocation = await _client.GetNextInvocationAsync(CancellationToken.None).WaitAsync(Wait);

        Assert.Multiple(() =>
        {
            Assert.That(invocation.RequestId, Is.EqualTo("req-1"));
            Assert.That(Encoding.UTF8.GetString(invocation.Payload.Span), Is.EqualTo("{\"a\":1}"));
            Assert.That(invocation.Deadline, Is.EqualTo(deadline));
            Assert.That(invocation.InvokedFunctionArn, Is.EqualTo("arn:aws:lambda:eu-west-1:123456789012:function:f"));
            Assert.That(invocation.TraceId, Is.EqualTo("Root=1-5759e988-bd862e3fe1be46a994272793"));
        });
    }

    [Test]
    public async Task GetNextInvocation_SetsTheTraceVariableAndClearsItWhenAbsent()
    {
        _api.Enqueue("{}", traceId: "Root=1-aaa");
        _api.Enqueue("{}");

        await _client.GetNextInvocationAsync(CancellationToken.None).WaitAsync(Wait);
        var afterFirst = Environment.GetEnvironmentVariable(LambdaRuntimeClient.TraceIdVariable);
        await _client.GetNextInvocationAsync(CancellationToken.None).WaitAsync(Wait);
        var afterSecond = Environment.GetEnvironmentVariable(LambdaRuntimeClient.TraceIdVariable);

        Assert.Multiple(() =>
        {
            Assert.That(afterFirst, Is.EqualTo("Root=1-aaa"));
            Assert.That(afterSecond, Is.Null);
        });
    }

    [Test]
    public async Task GetNextInvocation_LongPollsUntilAnInvocationArrives()
    {
        var next = _client.GetNextInvocationAsync(CancellationToken.None);
        await _api.WaitForPollsAsync(1, Wait);
        var waitedWithoutWork = next.IsCompleted;

        var id = _api.Enqueue("{\"late\":true}");
        var invocation = await next.WaitAsync(Wait);

        Assert.Multiple(() =>
        {
            Assert.That(waitedWithoutWork, Is.False);
            Assert.That(invocation.RequestId, Is.EqualTo(id));
        });
    }

    [Test]
    public async Task GetNextInvocation_StopsWhenCancelled()
    {
        using var cancellation = new CancellationTokenSource();
        var next = _client.GetNextInvocationAsync(cancellation.Token);
        await _api.WaitForPollsAsync(1, Wait);

        await cancellation.CancelAsync();

        Assert.That(async () => await next.WaitAsync(Wait), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task SendResponse_DeliversTheBodyForTheRequest()
    {
        var id = _api.Enqueue("{}");
        var invocation = await _client.GetNextInvocationAsync(CancellationToken.None).WaitAsync(Wait);

        await _client.SendResponseAsync(invocation.RequestId, Encoding.UTF8.GetBytes("{\"ok\":true}"), CancellationToken.None);
        var result = await _api.WaitForResultAsync(id, Wait);

        Assert.Multiple(() =>
        {
            Assert.That(result.Succeeded, Is.True);
            Assert.That(result.Body, Is.EqualTo("{\"ok\":true}"));
        });
    }

    [Test]
    public async Task ReportInvocationError_SendsTheBodyAndTheErrorTypeHeader()
    {
        var id = _api.Enqueue("{}");
        await _client.GetNextInvocationAsync(CancellationToken.None).WaitAsync(Wait);

        await _client.ReportInvocationErrorAsync(id, new LambdaErrorReport("ArgumentException", "Bad batch.", ["at X()"]), CancellationToken.None);
        var result = await _api.WaitForResultAsync(id, Wait);

        Assert.Multiple(() =>
        {
            Assert.That(result.IsError, Is.True);
            Assert.That(result.ErrorTypeHeader, Is.EqualTo("ArgumentException"));
            Assert.That(result.ErrorType, Is.EqualTo("ArgumentException"));
            Assert.That(result.ErrorMessage, Is.EqualTo("Bad batch."));
            Assert.That(result.StackTrace, Is.EqualTo(new[] { "at X()" }));
        });
    }

    [Test]
    public async Task ReportInitError_ReachesTheInitEndpoint()
    {
        await _client.ReportInitErrorAsync(new LambdaErrorReport("InvalidOperationException", "No table configured.", []), CancellationToken.None);
        var error = await _api.WaitForInitErrorAsync(Wait);

        Assert.Multiple(() =>
        {
            Assert.That(error.ErrorTypeHeader, Is.EqualTo("InvalidOperationException"));
            Assert.That(error.ErrorMessage, Is.EqualTo("No table configured."));
            Assert.That(_api.InitError, Is.EqualTo(error));
        });
    }

    [Test]
    public void SendResponse_ForAnUnknownRequest_FailsWithTheStatus()
    {
        var exception = Assert.ThrowsAsync<LambdaRuntimeException>(() =>
            _client.SendResponseAsync("never-queued", "{}"u8.ToArray(), CancellationToken.None));

        Assert.That(exception!.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task SendResponse_OverTheLimit_FailsWith413()
    {
        _api.MaxResponseBytes = 10;
        var id = _api.Enqueue("{}");
        await _client.GetNextInvocationAsync(CancellationToken.None).WaitAsync(Wait);

        var exception = Assert.ThrowsAsync<LambdaRuntimeException>(() =>
            _client.SendResponseAsync(id, new byte[11], CancellationToken.None));

        Assert.That(exception!.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
    }

    [Test]
    public void FromEnvironment_WithoutTheVariable_Refuses()
    {
        var saved = Environment.GetEnvironmentVariable(LambdaRuntimeClient.RuntimeApiVariable);
        Environment.SetEnvironmentVariable(LambdaRuntimeClient.RuntimeApiVariable, null);
        try
        {
            Assert.Throws<InvalidOperationException>(() => LambdaRuntimeClient.FromEnvironment());
        }
        finally
        {
            Environment.SetEnvironmentVariable(LambdaRuntimeClient.RuntimeApiVariable, saved);
        }
    }
}
