using System.Text.Json;
using Enrichment.Lambda.APIGatewayEvents;
using Enrichment.Lambda.SampleFunction;
using Enrichment.Lambda.Serialization;
using Enrichment.Testing.Lambda;

namespace Enrichment.Lambda.Tests.RuntimeSupport;

/// <summary>Runs the sample bootstrap as a real child process (`dotnet &lt;dll&gt;`) against the fake Runtime API.</summary>
public sealed class SampleFunctionProcessTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private static LambdaFunctionProcess Start(string runtimeApi, params (string Name, string Value)[] environment) =>
        LambdaFunctionProcess.StartDll(
            Path.Combine(AppContext.BaseDirectory, "Enrichment.Lambda.SampleFunction.dll"),
            runtimeApi,
            [("AWS_LAMBDA_FUNCTION_NAME", "sample-function"), .. environment]);

    private static string Request(string body) =>
        JsonSerializer.Serialize(
            new APIGatewayHttpApiV2ProxyRequest
            {
                Version = "2.0",
                RouteKey = "POST /echo",
                RawPath = "/echo",
                Body = body,
                RequestContext = new() { Http = new() { Method = "POST", Path = "/echo" } },
            },
            LambdaEventJsonContext.Default.APIGatewayHttpApiV2ProxyRequest);

    private static APIGatewayHttpApiV2ProxyResponse Response(LambdaInvocationResult result) =>
        JsonSerializer.Deserialize(result.Body, LambdaEventJsonContext.Default.APIGatewayHttpApiV2ProxyResponse)!;

    [Test]
    public async Task ChildProcess_AnswersReportsAnErrorAndKeepsServing()
    {
        await using var api = await FakeLambdaRuntimeApi.StartAsync();
        await using var function = Start(api.RuntimeApi);

        try
        {
            var hello = await api.WaitForResultAsync(api.Enqueue(Request("body-of-first-request"), requestId: "req-hello", traceId: "Root=1-child"), Wait);
            var boom = await api.WaitForResultAsync(api.Enqueue(Request(Program.ThrowBody)), Wait);
            var again = await api.WaitForResultAsync(api.Enqueue(Request("again")), Wait);
            await api.WaitForPollsAsync(4, Wait);

            Assert.Multiple(() =>
            {
                Assert.That(hello.Succeeded, Is.True, hello + function.Output);
                Assert.That(Response(hello).StatusCode, Is.EqualTo(200));
                Assert.That(Response(hello).Body, Is.EqualTo("body-of-first-request"));
                Assert.That(Response(hello).Headers!["x-request-id"], Is.EqualTo("req-hello"));
                Assert.That(Response(hello).Headers!["x-trace-id"], Is.EqualTo("Root=1-child"));
                Assert.That(Response(hello).Headers!["x-function-name"], Is.EqualTo("sample-function"));
                Assert.That(boom.IsError, Is.True, boom.ToString());
                Assert.That(boom.ErrorTypeHeader, Is.EqualTo("InvalidOperationException"));
                Assert.That(boom.ErrorMessage, Is.EqualTo(Program.ThrowMessage));
                Assert.That(again.Succeeded, Is.True, again.ToString());
                Assert.That(Response(again).Body, Is.EqualTo("again"));
                Assert.That(function.HasExited, Is.False, "still serving");
            });
        }
        finally
        {
            await function.KillAsync();
        }

        Assert.That(function.Output, Does.Contain("\"requestId\":\"req-hello\"").And.Not.Contain("body-of-first-request"), "logs carry ids, never bodies");
    }

    [Test]
    public async Task ChildProcess_InitFailure_IsReportedAndTheProcessExitsNonZero()
    {
        await using var api = await FakeLambdaRuntimeApi.StartAsync();
        await using var function = Start(api.RuntimeApi, (Program.FailInitVariable, "1"));

        try
        {
            var error = await api.WaitForInitErrorAsync(Wait);
            var exitCode = await function.WaitForExitAsync(Wait);

            Assert.Multiple(() =>
            {
                Assert.That(error.ErrorType, Is.EqualTo("InvalidOperationException"));
                Assert.That(error.ErrorMessage, Is.EqualTo("The sample function was told to fail its initialization."));
                Assert.That(exitCode, Is.EqualTo(1), function.Output);
            });
        }
        finally
        {
            await function.KillAsync();
        }
    }

    [Test]
    public async Task ChildProcess_StopsCleanlyOnSigterm()
    {
        await using var api = await FakeLambdaRuntimeApi.StartAsync();
        await using var function = Start(api.RuntimeApi);

        try
        {
            await api.WaitForResultAsync(api.Enqueue(Request("warm-up")), Wait);
            await api.WaitForPollsAsync(2, Wait);

            await function.TerminateAsync(Wait);

            var exitCode = await function.WaitForExitAsync(Wait);

            Assert.That(exitCode, Is.Zero, function.Output);
        }
        finally
        {
            await function.KillAsync();
        }
    }

    [Test]
    public async Task ChildProcess_HandlerIsCancelledBeforeTheDeadline()
    {
        await using var api = await FakeLambdaRuntimeApi.StartAsync();
        await using var function = Start(api.RuntimeApi);

        try
        {
            var result = await api.WaitForResultAsync(api.Enqueue(Request(Program.WaitBody), timeout: TimeSpan.FromSeconds(3)), Wait);
            var next = await api.WaitForResultAsync(api.Enqueue(Request("after")), Wait);

            Assert.Multiple(() =>
            {
                Assert.That(result.ErrorType, Is.EqualTo("Runtime.HandlerTimeout"), result.ToString());
                Assert.That(next.Succeeded, Is.True, next.ToString());
            });
        }
        finally
        {
            await function.KillAsync();
        }
    }
}
