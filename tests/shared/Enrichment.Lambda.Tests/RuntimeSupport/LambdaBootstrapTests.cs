using System.Text.Json;
using System.Text;
using Enrichment.Lambda.Core;
using Enrichment.Lambda.Logging;
using Enrichment.Lambda.RuntimeSupport;
using Enrichment.Lambda.SQSEvents;
using Enrichment.Lambda.Serialization;
using Enrichment.Testing.Lambda;
using Microsoft.Extensions.Logging;

namespace Enrichment.Lambda.Tests.RuntimeSupport;

[NonParallelizable] // invocations set the process-wide _X_AMZN_TRACE_ID
public sealed class LambdaBootstrapTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private static readonly LambdaFunctionInfo Function = new("enrichment-worker", "3", 1024, "/aws/lambda/enrichment-worker", "stream");

    private FakeLambdaRuntimeApi _api = null!;
    private LambdaRuntimeClient _client = null!;
    private StringWriter _out = null!;
    private StringWriter _error = null!;
    private CancellationTokenSource _stopping = null!;
    private Task<int>? _run;

    [SetUp]
    public async Task StartApiAsync()
    {
        // NUnit shares one fixture instance between tests: everything per test is made here.
        _out = new StringWriter();
        _error = new StringWriter();
        _stopping = new CancellationTokenSource();
        _run = null;
        _api = await FakeLambdaRuntimeApi.StartAsync();
        _client = new LambdaRuntimeClient(_api.RuntimeApi);
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _stopping.CancelAsync();
        if (_run is not null)
        {
            await _run.WaitAsync(Wait);
            _run.Dispose();
        }

        _client.Dispose();
        await _api.DisposeAsync();
        _stopping.Dispose();
        await _out.DisposeAsync();
        await _error.DisposeAsync();
        Environment.SetEnvironmentVariable(LambdaRuntimeClient.TraceIdVariable, null);
    }

    private string Logs => _out.ToString() + _error.ToString();

    private LambdaBootstrapOptions Options(TimeSpan? margin = null) => new()
    {
        Logger = new StructuredLogger(LogFormat.Json, LogLevel.Debug, _out, _error, TimeProvider.System),
        Function = Function,
        DeadlineMargin = margin ?? TimeSpan.FromMilliseconds(500),
    };

    /// <summary>Starts a bootstrap whose handler retries the messages whose body is "retry".</summary>
    private LambdaBootstrap StartWorker(
        Func<SQSEvent, ILambdaContext, CancellationToken, Task<SQSBatchResponse>>? handler = null,
        LambdaBootstrapOptions? options = null)
    {
        handler ??= (sqsEvent, _, _) => Task.FromResult(new SQSBatchResponse(
            [.. sqsEvent.Records.Where(message => message.Body == "retry").Select(message => new SQSBatchResponse.BatchItemFailure(message.MessageId))]));
        var bootstrap = LambdaBootstrap.Create(
            _client,
            _ => Task.FromResult(handler),
            LambdaEventJsonContext.Default.SQSEvent,
            LambdaEventJsonContext.Default.SQSBatchResponse,
            options ?? Options());
        _run = bootstrap.RunAsync(_stopping.Token);
        return bootstrap;
    }

    private static string SqsEvent(params (string Id, string Body)[] messages) =>
        JsonSerializer.Serialize(
            new SQSEvent { Records = [.. messages.Select(message => new SQSEvent.SQSMessage { MessageId = message.Id, Body = message.Body, EventSourceArn = "arn:aws:sqs:eu-west-1:123456789012:main" })] },
            LambdaEventJsonContext.Default.SQSEvent);

    [Test]
    public async Task Run_AnswersAnInvocationWithTheHandlersResult()
    {
        StartWorker();

        var result = await _api.InvokeAsync(SqsEvent(("m-1", "ok"), ("m-2", "retry")), Wait);

        Assert.Multiple(() =>
        {
            Assert.That(result.Succeeded, Is.True, result.ToString());
            Assert.That(result.Body, Is.EqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"m-2\"}]}"));
        });
    }

    [Test]
    public async Task Run_ServesInvocationsOneAfterAnother()
    {
        var bootstrap = StartWorker();
        var ids = Enumerable.Range(1, 5).Select(i => _api.Enqueue(SqsEvent(("m-" + i, i % 2 == 0 ? "retry" : "ok")))).ToList();

        var results = new List<LambdaInvocationResult>();
        foreach (var id in ids)
        {
            results.Add(await _api.WaitForResultAsync(id, Wait));
        }

        await _api.WaitForPollsAsync(6, Wait);
        Assert.Multiple(() =>
        {
            Assert.That(results.All(result => result.Succeeded), Is.True);
            Assert.That(results.Count(result => result.Body.Contains("itemIdentifier", StringComparison.Ordinal)), Is.EqualTo(2));
            Assert.That(bootstrap.InvocationsServed, Is.EqualTo(5));
        });
    }

    [Test]
    public async Task Run_ReportsAHandlerExceptionAndKeepsServing()
    {
        StartWorker((sqsEvent, _, _) => sqsEvent.Records[0].Body == "explode"
            ? throw new InvalidOperationException("Batch 4 of job j-9 could not be committed.")
            : Task.FromResult(new SQSBatchResponse()));

        var failed = await _api.InvokeAsync(SqsEvent(("m-1", "explode")), Wait);
        var next = await _api.InvokeAsync(SqsEvent(("m-2", "fine")), Wait);

        Assert.Multiple(() =>
        {
            Assert.That(failed.IsError, Is.True);
            Assert.That(failed.ErrorTypeHeader, Is.EqualTo("InvalidOperationException"));
            Assert.That(failed.ErrorType, Is.EqualTo("InvalidOperationException"));
            Assert.That(failed.ErrorMessage, Is.EqualTo("Batch 4 of job j-9 could not be committed."));
            Assert.That(next.Succeeded, Is.True, next.ToString());
            Assert.That(next.Body, Is.EqualTo("{\"batchItemFailures\":[]}"));
        });
    }

    [Test]
    public async Task Run_NeverEchoesThePayloadInErrorsOrLogs()
    {
        StartWorker((_, _, _) => throw new ArgumentException("Row 3 has no usable field."));

        var failed = await _api.InvokeAsync(SqsEvent(("m-1", "{\"email\":\"jane.doe@example.com\",\"phone\":\"+44 20 7946 0958\"}")), Wait);
        var unreadable = await _api.InvokeAsync("{\"Records\":[{\"messageId\":jane.doe@example.com}]}", Wait);

        Assert.Multiple(() =>
        {
            Assert.That(failed.ErrorMessage, Is.EqualTo("Row 3 has no usable field."));
            Assert.That(unreadable.ErrorType, Is.EqualTo(nameof(LambdaPayloadException)));
            Assert.That(failed.Body + unreadable.Body + Logs, Does.Not.Contain("jane.doe").And.Not.Contain("7946"));
        });
    }

    [Test]
    public async Task Run_AnUnreadablePayload_IsAnErrorNamingTheInputType()
    {
        StartWorker();

        var unreadable = await _api.InvokeAsync("not json", Wait);
        var nullPayload = await _api.InvokeAsync("null", Wait);
        var next = await _api.InvokeAsync(SqsEvent(("m-1", "ok")), Wait);

        Assert.Multiple(() =>
        {
            Assert.That(unreadable.ErrorTypeHeader, Is.EqualTo(nameof(LambdaPayloadException)));
            Assert.That(unreadable.ErrorMessage, Does.StartWith("The payload is not a valid SQSEvent (line 0, byte ").And.Not.Contain("json"));
            Assert.That(nullPayload.ErrorMessage, Does.Contain("null"));
            Assert.That(next.Succeeded, Is.True);
        });
    }

    [Test]
    public async Task Run_InitFailure_IsReportedAndEndsWithANonZeroCode()
    {
        var bootstrap = LambdaBootstrap.Create<SQSEvent, SQSBatchResponse>(
            _client,
            _ => throw new InvalidOperationException("ENRICHMENT_TABLE is not set."),
            LambdaEventJsonContext.Default.SQSEvent,
            LambdaEventJsonContext.Default.SQSBatchResponse,
            Options());

        var exitCode = await bootstrap.RunAsync(_stopping.Token).WaitAsync(Wait);
        var error = await _api.WaitForInitErrorAsync(Wait);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(LambdaBootstrap.InitFailedExitCode));
            Assert.That(error.ErrorType, Is.EqualTo("InvalidOperationException"));
            Assert.That(error.ErrorTypeHeader, Is.EqualTo("InvalidOperationException"));
            Assert.That(error.ErrorMessage, Is.EqualTo("ENRICHMENT_TABLE is not set."));
            Assert.That(_api.PollCount, Is.Zero, "no invocation is taken after a failed init");
            Assert.That(_error.ToString(), Does.Contain("\"level\":\"FATAL\""));
        });
    }

    [Test]
    public async Task Run_AnAsyncInitFailure_IsReportedToo()
    {
        var bootstrap = new LambdaBootstrap(
            _client,
            async cancellationToken =>
            {
                await Task.Yield();
                throw new TimeoutException("Configuration store did not answer.");
            },
            Options());

        var exitCode = await bootstrap.RunAsync(_stopping.Token).WaitAsync(Wait);
        var error = await _api.WaitForInitErrorAsync(Wait);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Not.Zero);
            Assert.That(error.ErrorType, Is.EqualTo(nameof(TimeoutException)));
        });
    }

    [Test]
    public async Task Run_GivesTheHandlerTheInvocationsContext()
    {
        ILambdaContext? seen = null;
        TimeSpan remaining = default;
        StartWorker((_, context, _) =>
        {
            seen = context;
            remaining = context.RemainingTime;
            return Task.FromResult(new SQSBatchResponse());
        });

        var id = _api.Enqueue(SqsEvent(("m-1", "ok")), requestId: "req-ctx", timeout: TimeSpan.FromSeconds(120));
        await _api.WaitForResultAsync(id, Wait);

        Assert.Multiple(() =>
        {
            Assert.That(seen!.AwsRequestId, Is.EqualTo("req-ctx"));
            Assert.That(seen.InvokedFunctionArn, Is.EqualTo(_api.FunctionArn));
            Assert.That(seen.FunctionName, Is.EqualTo("enrichment-worker"));
            Assert.That(seen.MemoryLimitInMB, Is.EqualTo(1024));
            Assert.That(remaining, Is.GreaterThan(TimeSpan.FromSeconds(100)).And.LessThanOrEqualTo(TimeSpan.FromSeconds(120)));
        });
    }

    [Test]
    public async Task Run_SetsTheTraceIdWhileTheHandlerRuns()
    {
        string? traceVariable = null;
        string? contextTrace = null;
        StartWorker((_, context, _) =>
        {
            traceVariable = Environment.GetEnvironmentVariable(LambdaRuntimeClient.TraceIdVariable);
            contextTrace = context.TraceId;
            return Task.FromResult(new SQSBatchResponse());
        });

        await _api.InvokeAsync(SqsEvent(("m-1", "ok")), Wait, traceId: "Root=1-67891233-abcdef012345678912345678;Sampled=1");

        Assert.Multiple(() =>
        {
            Assert.That(traceVariable, Is.EqualTo("Root=1-67891233-abcdef012345678912345678;Sampled=1"));
            Assert.That(contextTrace, Is.EqualTo(traceVariable));
        });
    }

    [Test]
    public async Task Run_CancelsTheHandlerShortlyBeforeTheDeadline()
    {
        var remainingAtCancel = TimeSpan.MinValue;
        StartWorker(
            async (_, context, cancellationToken) =>
            {
                var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                await using (cancellationToken.Register(() =>
                {
                    remainingAtCancel = context.RemainingTime;
                    cancelled.TrySetResult();
                }))
                {
                    await cancelled.Task;
                }

                cancellationToken.ThrowIfCancellationRequested();
                return new SQSBatchResponse();
            },
            Options(margin: TimeSpan.FromMilliseconds(1500)));

        var id = _api.Enqueue(SqsEvent(("m-1", "slow")), timeout: TimeSpan.FromSeconds(4));
        var result = await _api.WaitForResultAsync(id, Wait);

        Assert.Multiple(() =>
        {
            Assert.That(result.IsError, Is.True);
            Assert.That(result.ErrorType, Is.EqualTo("Runtime.HandlerTimeout"));
            Assert.That(remainingAtCancel, Is.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(TimeSpan.FromMilliseconds(1600)));
        });
    }

    [Test]
    public async Task Run_AnInvocationAlreadyPastItsCutOff_StartsWithACancelledToken()
    {
        bool? cancelledAtStart = null;
        StartWorker((_, _, cancellationToken) =>
        {
            cancelledAtStart = cancellationToken.IsCancellationRequested;
            return Task.FromResult(new SQSBatchResponse());
        });

        await _api.InvokeAsync(SqsEvent(("m-1", "ok")), Wait);
        var late = _api.Enqueue(SqsEvent(("m-2", "ok")), timeout: TimeSpan.FromMilliseconds(100));
        await _api.WaitForResultAsync(late, Wait);

        Assert.That(cancelledAtStart, Is.True);
    }

    [Test]
    public async Task Run_AResponseOverThePayloadLimit_BecomesAnError()
    {
        _api.MaxResponseBytes = 64;
        StartWorker((sqsEvent, _, _) => Task.FromResult(new SQSBatchResponse(
            [.. Enumerable.Range(0, 20).Select(i => new SQSBatchResponse.BatchItemFailure("message-" + i))])));

        var result = await _api.InvokeAsync(SqsEvent(("m-1", "ok")), Wait);

        Assert.Multiple(() =>
        {
            Assert.That(result.IsError, Is.True);
            Assert.That(result.ErrorType, Is.EqualTo("Function.ResponseSizeTooLarge"));
        });
    }

    [Test]
    public async Task Run_ReturnsZeroWhenStopped()
    {
        StartWorker();
        await _api.WaitForPollsAsync(1, Wait);

        await _stopping.CancelAsync();
        var exitCode = await _run!.WaitAsync(Wait);

        Assert.That(exitCode, Is.Zero);
    }

    [Test]
    public async Task Run_EndsWhenTheRuntimeApiGoesAway()
    {
        StartWorker();
        await _api.WaitForPollsAsync(1, Wait);

        await _api.DisposeAsync();
        var exitCode = await _run!.WaitAsync(Wait);

        Assert.That(exitCode, Is.EqualTo(LambdaBootstrap.RuntimeApiLostExitCode));
    }

    [Test]
    public async Task Run_RawHandler_GetsAndReturnsBytes()
    {
        var bootstrap = new LambdaBootstrap(
            _client,
            _ => Task.FromResult<LambdaRawHandler>((payload, context, _) =>
                Task.FromResult<ReadOnlyMemory<byte>>(Encoding.UTF8.GetBytes($"{{\"length\":{payload.Length},\"id\":\"{context.AwsRequestId}\"}}"))),
            Options());
        _run = bootstrap.RunAsync(_stopping.Token);

        var result = await _api.WaitForResultAsync(_api.Enqueue("[1,2,3]", requestId: "raw-1"), Wait);

        Assert.That(result.Body, Is.EqualTo("{\"length\":7,\"id\":\"raw-1\"}"));
    }

    [Test]
    public async Task Run_LogsEachInvocationWithItsRequestId()
    {
        StartWorker((_, context, _) =>
        {
            context.Logger.LogInformation("Handling a batch.");
            return Task.FromResult(new SQSBatchResponse());
        });

        await _api.WaitForResultAsync(_api.Enqueue(SqsEvent(("m-1", "ok")), requestId: "req-log"), Wait);

        var lines = _out.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(line => line.TryGetProperty("requestId", out var id) && id.GetString() == "req-log")
            .Select(line => line.GetProperty("message").GetString())
            .ToList();
        Assert.That(lines, Does.Contain("Handling a batch.").And.Contain("Invocation started."));
    }

    [Test]
    public async Task Run_ALineAServiceLogsDuringAnInvocation_CarriesThatInvocationsRequestId()
    {
        // A service holds the process's logger from its container, not the context: the request id reaches it through the scope.
        var options = Options();
        var service = options.Logger!;
        StartWorker(
            (sqsEvent, _, _) =>
            {
                service.LogWarning("batch {MessageId} handled", sqsEvent.Records[0].MessageId);
                return Task.FromResult(new SQSBatchResponse());
            },
            options);

        await _api.WaitForResultAsync(_api.Enqueue(SqsEvent(("m-1", "ok")), requestId: "req-a"), Wait);
        await _api.WaitForResultAsync(_api.Enqueue(SqsEvent(("m-2", "ok")), requestId: "req-b"), Wait);
        service.LogWarning("between invocations");

        var lines = _out.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(line => line.GetProperty("level").GetString() == "WARN")
            .Select(line => (line.GetProperty("message").GetString(), line.TryGetProperty("requestId", out var id) ? id.GetString() : null))
            .ToList();
        Assert.That(lines, Is.EqualTo(new (string?, string?)[] { ("batch m-1 handled", "req-a"), ("batch m-2 handled", "req-b"), ("between invocations", null) }));
    }

    [Test]
    public async Task RunStatic_WithoutTheRuntimeApiVariable_EndsWithTheInitCode()
    {
        var saved = Environment.GetEnvironmentVariable(LambdaRuntimeClient.RuntimeApiVariable);
        Environment.SetEnvironmentVariable(LambdaRuntimeClient.RuntimeApiVariable, null);
        try
        {
            var exitCode = await LambdaBootstrap.RunAsync<SQSEvent, SQSBatchResponse>(
                _ => throw new AssertionException("init must not run without a Runtime API"),
                LambdaEventJsonContext.Default.SQSEvent,
                LambdaEventJsonContext.Default.SQSBatchResponse,
                Options()).WaitAsync(Wait);

            Assert.Multiple(() =>
            {
                Assert.That(exitCode, Is.EqualTo(LambdaBootstrap.InitFailedExitCode));
                Assert.That(_error.ToString(), Does.Contain(LambdaRuntimeClient.RuntimeApiVariable));
            });
        }
        finally
        {
            Environment.SetEnvironmentVariable(LambdaRuntimeClient.RuntimeApiVariable, saved);
        }
    }

    [Test]
    public async Task RunStatic_ServesTheRuntimeApiNamedByTheEnvironment()
    {
        var saved = Environment.GetEnvironmentVariable(LambdaRuntimeClient.RuntimeApiVariable);
        Environment.SetEnvironmentVariable(LambdaRuntimeClient.RuntimeApiVariable, _api.RuntimeApi);
        try
        {
            var run = LambdaBootstrap.RunAsync(
                _ => Task.FromResult<Func<SQSEvent, ILambdaContext, CancellationToken, Task<SQSBatchResponse>>>(
                    (sqsEvent, _, _) => Task.FromResult(new SQSBatchResponse([new SQSBatchResponse.BatchItemFailure(sqsEvent.Records[0].MessageId)]))),
                LambdaEventJsonContext.Default.SQSEvent,
                LambdaEventJsonContext.Default.SQSBatchResponse,
                Options());

            var result = await _api.InvokeAsync(SqsEvent(("m-env", "ok")), Wait);
            await _api.DisposeAsync();
            var exitCode = await run.WaitAsync(Wait);

            Assert.Multiple(() =>
            {
                Assert.That(result.Body, Is.EqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"m-env\"}]}"));
                Assert.That(exitCode, Is.EqualTo(LambdaBootstrap.RuntimeApiLostExitCode));
            });
        }
        finally
        {
            Environment.SetEnvironmentVariable(LambdaRuntimeClient.RuntimeApiVariable, saved);
        }
    }

    [Test]
    public async Task TypedInvoke_SerializesTheEventAndReadsTheResponse()
    {
        StartWorker();
        var sqsEvent = new SQSEvent { Records = [new SQSEvent.SQSMessage { MessageId = "m-typed", Body = "retry" }] };

        var response = await _api.InvokeAsync(sqsEvent, LambdaEventJsonContext.Default.SQSEvent, LambdaEventJsonContext.Default.SQSBatchResponse, Wait);

        Assert.That(response.BatchItemFailures.Select(failure => failure.ItemIdentifier), Is.EqualTo(new[] { "m-typed" }));
    }

    [Test]
    public void TypedInvoke_OfAFailingFunction_Throws()
    {
        StartWorker((_, _, _) => throw new InvalidOperationException("Batch refused."));
        var sqsEvent = new SQSEvent { Records = [new SQSEvent.SQSMessage { MessageId = "m-1" }] };

        var exception = Assert.ThrowsAsync<InvalidOperationException>(() =>
            _api.InvokeAsync(sqsEvent, LambdaEventJsonContext.Default.SQSEvent, LambdaEventJsonContext.Default.SQSBatchResponse, Wait));

        Assert.That(exception!.Message, Does.Contain("Batch refused."));
    }
}
