using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Enrichment.Lambda.Core;
using Enrichment.Lambda.Logging;
using Microsoft.Extensions.Logging;

namespace Enrichment.Lambda.RuntimeSupport;

/// <summary>
/// Hosts one handler per process as a Lambda custom runtime (the <c>bootstrap</c> executable):
/// initializes it once, then takes invocations from the Runtime API one at a time until cancelled.
/// </summary>
/// <remarks>
/// A failing initialization is reported to /init/error and ends the process with a non-zero code. A
/// failing invocation is reported to /invocation/{id}/error as the exception's type name and message
/// (see <see cref="LambdaErrorReport.FromException"/>; handlers must throw messages without personal
/// data) and the loop goes on with the next invocation. The handler's token is cancelled
/// <see cref="LambdaBootstrapOptions.DeadlineMargin"/> before the invocation deadline.
/// </remarks>
public sealed class LambdaBootstrap
{
    /// <summary>Exit code after an initialization failure.</summary>
    public const int InitFailedExitCode = 1;

    /// <summary>Exit code when the Runtime API stops answering (the sandbox is going away).</summary>
    public const int RuntimeApiLostExitCode = 2;

    private readonly LambdaRuntimeClient _client;
    private readonly Func<CancellationToken, Task<LambdaRawHandler>> _initialize;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly LambdaFunctionInfo _function;
    private readonly TimeSpan _deadlineMargin;

    public LambdaBootstrap(
        LambdaRuntimeClient client,
        Func<CancellationToken, Task<LambdaRawHandler>> initialize,
        LambdaBootstrapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(initialize);
        options ??= new LambdaBootstrapOptions();
        _client = client;
        _initialize = initialize;
        _timeProvider = options.TimeProvider;
        _logger = options.Logger ?? StructuredLogger.ForLambda(Environment.GetEnvironmentVariable, options.TimeProvider);
        _function = options.Function ?? LambdaFunctionInfo.FromEnvironment();
        _deadlineMargin = options.DeadlineMargin;
    }

    /// <summary>How many invocations this bootstrap has answered (with a response or an error).</summary>
    public int InvocationsServed { get; private set; }

    /// <summary>A bootstrap for a typed handler whose input and output go through source-generated JSON metadata.</summary>
    /// <param name="client">The Runtime API client the bootstrap polls.</param>
    /// <param name="initialize">Builds the handler once per process (the init phase); may throw.</param>
    /// <param name="inputType">Reads the event (source-generated, so the Native AOT binary needs no reflection).</param>
    /// <param name="outputType">Writes the handler's response.</param>
    /// <param name="options">Clock, logger, function facts and the deadline margin; the defaults read the Lambda environment.</param>
    public static LambdaBootstrap Create<TIn, TOut>(
        LambdaRuntimeClient client,
        Func<CancellationToken, Task<Func<TIn, ILambdaContext, CancellationToken, Task<TOut>>>> initialize,
        JsonTypeInfo<TIn> inputType,
        JsonTypeInfo<TOut> outputType,
        LambdaBootstrapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(initialize);
        ArgumentNullException.ThrowIfNull(inputType);
        ArgumentNullException.ThrowIfNull(outputType);
        return new LambdaBootstrap(
            client,
            async cancellationToken => Typed(await initialize(cancellationToken), inputType, outputType),
            options);
    }

    /// <summary>
    /// The whole life of a typed function's process: Runtime API from AWS_LAMBDA_RUNTIME_API, logger
    /// from LOG_LEVEL, SIGTERM/SIGINT stop the loop. Returns the process exit code.
    /// </summary>
    public static async Task<int> RunAsync<TIn, TOut>(
        Func<CancellationToken, Task<Func<TIn, ILambdaContext, CancellationToken, Task<TOut>>>> initialize,
        JsonTypeInfo<TIn> inputType,
        JsonTypeInfo<TOut> outputType,
        LambdaBootstrapOptions? options = null)
    {
        options ??= new LambdaBootstrapOptions();
        options = options with { Logger = options.Logger ?? StructuredLogger.ForLambda(Environment.GetEnvironmentVariable, options.TimeProvider) };
        using var stopping = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        LambdaRuntimeClient client;
        try
        {
            client = LambdaRuntimeClient.FromEnvironment();
        }
        catch (InvalidOperationException exception)
        {
            options.Logger!.LogCritical("{Reason}", exception.Message);
            return InitFailedExitCode;
        }

        using (client)
        {
            return await Create(client, initialize, inputType, outputType, options).RunAsync(stopping.Token);
        }

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopping.Cancel();
        }
    }

    /// <summary>Initializes the handler, then serves invocations until <paramref name="stoppingToken"/> is cancelled.</summary>
    /// <returns>0 when stopped, <see cref="InitFailedExitCode"/> or <see cref="RuntimeApiLostExitCode"/> otherwise.</returns>
    public async Task<int> RunAsync(CancellationToken stoppingToken)
    {
        var handler = await InitializeAsync(stoppingToken);
        if (handler is null)
        {
            return InitFailedExitCode;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            InvocationRequest invocation;
            try
            {
                invocation = await _client.GetNextInvocationAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            // A connection the Runtime API drops as it is made can surface as a bare SocketException
            // (HttpClient reading the remote end point), not wrapped in an HttpRequestException.
            catch (Exception exception) when (exception is HttpRequestException or LambdaRuntimeException or IOException or SocketException)
            {
                _logger.LogCritical(exception, "The Runtime API did not hand out the next invocation; stopping.");
                return RuntimeApiLostExitCode;
            }

            await ServeAsync(handler, invocation, stoppingToken);
            InvocationsServed++;
        }

        _logger.LogInformation("Stopping: cancellation requested.");
        return 0;
    }

    private async Task<LambdaRawHandler?> InitializeAsync(CancellationToken stoppingToken)
    {
        try
        {
            return await _initialize(stoppingToken);
        }
        catch (Exception exception)
        {
            _logger.LogCritical(exception, "Initialization failed: {Reason}", exception.Message);
            try
            {
                await _client.ReportInitErrorAsync(LambdaErrorReport.FromException(exception), CancellationToken.None);
            }
            catch (Exception reportFailure) when (reportFailure is HttpRequestException or LambdaRuntimeException or OperationCanceledException or IOException or SocketException)
            {
                _logger.LogError(reportFailure, "The init error could not be reported.");
            }

            return null;
        }
    }

    private async Task ServeAsync(LambdaRawHandler handler, InvocationRequest invocation, CancellationToken stoppingToken)
    {
        // Every line of the invocation, the services' too, carries its request id.
        using var requestScope = _logger.BeginRequestScope(invocation.RequestId);
        var context = new LambdaContext(
            invocation.RequestId, invocation.Deadline, invocation.InvokedFunctionArn, invocation.TraceId, _function, _logger, _timeProvider);
        var untilCutOff = invocation.Deadline - _deadlineMargin - _timeProvider.GetUtcNow();
        using var deadline = new CancellationTokenSource(untilCutOff > TimeSpan.Zero ? untilCutOff : TimeSpan.Zero, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, deadline.Token);
        var started = _timeProvider.GetTimestamp();
        _logger.LogDebug("Invocation started.");

        ReadOnlyMemory<byte> response = default;
        LambdaErrorReport? error = null;
        try
        {
            response = await handler(invocation.Payload, context, linked.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            error = new LambdaErrorReport(
                "Runtime.HandlerTimeout",
                $"The handler was cancelled {_deadlineMargin.TotalMilliseconds:0} ms before the invocation deadline.",
                []);
        }
        catch (Exception exception)
        {
            error = LambdaErrorReport.FromException(exception);
        }

        try
        {
            if (error is null)
            {
                try
                {
                    await _client.SendResponseAsync(invocation.RequestId, response, CancellationToken.None);
                }
                catch (LambdaRuntimeException refused) when (LambdaRuntimeClient.IsPayloadTooLarge(refused))
                {
                    error = new LambdaErrorReport(
                        "Function.ResponseSizeTooLarge", $"The response of {response.Length} bytes is over Lambda's payload limit.", []);
                }
            }

            if (error is not null)
            {
                _logger.LogError("Invocation failed: {ErrorType}: {ErrorMessage}", error.ErrorType, error.ErrorMessage);
                await _client.ReportInvocationErrorAsync(invocation.RequestId, error, CancellationToken.None);
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or LambdaRuntimeException or OperationCanceledException or IOException)
        {
            // The next call to invocation/next tells whether the Runtime API is gone; one lost answer is not fatal.
            _logger.LogError(exception, "The invocation outcome could not be posted.");
        }

        _logger.LogDebug("Invocation finished in {Milliseconds:0} ms.", _timeProvider.GetElapsedTime(started).TotalMilliseconds);
    }

    private static LambdaRawHandler Typed<TIn, TOut>(
        Func<TIn, ILambdaContext, CancellationToken, Task<TOut>> handler,
        JsonTypeInfo<TIn> inputType,
        JsonTypeInfo<TOut> outputType)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return async (payload, context, cancellationToken) =>
        {
            var input = Deserialize(payload, inputType);
            var output = await handler(input, context, cancellationToken);
            return JsonSerializer.SerializeToUtf8Bytes(output, outputType);
        };
    }

    private static TIn Deserialize<TIn>(ReadOnlyMemory<byte> payload, JsonTypeInfo<TIn> inputType)
    {
        TIn? input;
        try
        {
            input = JsonSerializer.Deserialize(payload.Span, inputType);
        }
        catch (JsonException exception)
        {
            throw new LambdaPayloadException(
                $"The payload is not a valid {typeof(TIn).Name} (line {exception.LineNumber ?? 0}, byte {exception.BytePositionInLine ?? 0}).",
                exception);
        }

        return input is null
            ? throw new LambdaPayloadException($"The payload is null; the handler takes a {typeof(TIn).Name}.")
            : input;
    }
}
