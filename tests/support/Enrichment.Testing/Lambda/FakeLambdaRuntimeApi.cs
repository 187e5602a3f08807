using System.Globalization;
using System.Net.Sockets;
using System.Net;
using System.Text.Json.Serialization.Metadata;
using System.Text.Json;
using System.Text;

namespace Enrichment.Testing.Lambda;

/// <summary>
/// A fake of the Lambda Runtime API (2018-06-01) on 127.0.0.1 and a free port, for running a real
/// <c>bootstrap</c> (in process or as a child process with AWS_LAMBDA_RUNTIME_API = <see cref="RuntimeApi"/>).
/// Queue invocations with <see cref="Enqueue(string, string?, TimeSpan?, string?)"/>, then await what the
/// runtime posted back with <see cref="WaitForResultAsync"/>.
/// </summary>
/// <example>
/// <code>
/// await using var api = await FakeLambdaRuntimeApi.StartAsync();
/// var id = api.Enqueue("{\"hello\":1}");
/// var result = await api.WaitForResultAsync(id, TimeSpan.FromSeconds(10));
/// Assert.That(result.Succeeded, Is.True, result.ToString());
/// </code>
/// </example>
public sealed class FakeLambdaRuntimeApi : IAsyncDisposable
{
    /// <summary>Lambda's limit for a synchronous response payload (6 MB).</summary>
    public const int DefaultMaxResponseBytes = 6 * 1024 * 1024;

    private const string Prefix = "/2018-06-01/runtime/";

    private readonly TcpListener _listener;
    private readonly TimeProvider _timeProvider;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly LinkedList<FakeInvocation> _queue = new();
    private readonly LinkedList<Poller> _pollers = new();
    private readonly Dictionary<string, TaskCompletionSource<LambdaInvocationResult>> _results = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<LambdaInitError> _initError = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(int Count, TaskCompletionSource Signal)> _pollWaiters = [];
    private readonly List<TcpClient> _connections = [];
    private readonly List<Task> _connectionTasks = [];
    private readonly List<string> _unexpected = [];
    private Task _acceptLoop = Task.CompletedTask;
    private int _pollCount;
    private int _sequence;
    private int _disposed;

    private FakeLambdaRuntimeApi(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        _listener = new TcpListener(IPAddress.Loopback, 0);
    }

    /// <summary>"127.0.0.1:port": the value for AWS_LAMBDA_RUNTIME_API.</summary>
    public string RuntimeApi { get; private set; } = string.Empty;

    /// <summary>The ARN sent as Lambda-Runtime-Invoked-Function-Arn when an invocation names none.</summary>
    public string FunctionArn { get; set; } = "arn:aws:lambda:us-east-1:123456789012:function:fake-function";

    /// <summary>The time an invocation gets when it names none (deadline = now + this).</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Responses longer than this are refused with 413, as Lambda refuses responses over 6 MB.</summary>
    public int MaxResponseBytes { get; set; } = DefaultMaxResponseBytes;

    /// <summary>How many times a runtime has asked for the next invocation.</summary>
    public int PollCount
    {
        get
        {
            lock (_gate)
            {
                return _pollCount;
            }
        }
    }

    /// <summary>The init error a runtime reported, if any.</summary>
    public LambdaInitError? InitError => _initError.Task.IsCompletedSuccessfully ? _initError.Task.Result : null;

    /// <summary>Requests the fake did not understand (method and path), for diagnosing a runtime.</summary>
    public IReadOnlyList<string> UnexpectedRequests
    {
        get
        {
            lock (_gate)
            {
                return [.. _unexpected];
            }
        }
    }

    /// <summary>Starts listening on 127.0.0.1 and a port the system picks.</summary>
    /// <param name="timeProvider">The clock for invocation deadlines; the Wait methods always time out on real time.</param>
    public static Task<FakeLambdaRuntimeApi> StartAsync(TimeProvider? timeProvider = null)
    {
        var api = new FakeLambdaRuntimeApi(timeProvider ?? TimeProvider.System);
        api._listener.Start();
        api.RuntimeApi = "127.0.0.1:" + ((IPEndPoint)api._listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        api._acceptLoop = Task.Run(api.AcceptLoopAsync);
        return Task.FromResult(api);
    }

    /// <summary>Queues an invocation and returns its request id.</summary>
    /// <param name="payload">The event JSON, sent as it is.</param>
    /// <param name="requestId">The request id; a fresh one when null.</param>
    /// <param name="timeout">Deadline = now + this; <see cref="DefaultTimeout"/> when null.</param>
    /// <param name="traceId">Sent as Lambda-Runtime-Trace-Id when not null.</param>
    public string Enqueue(string payload, string? requestId = null, TimeSpan? timeout = null, string? traceId = null)
    {
        requestId ??= $"fake-{Interlocked.Increment(ref _sequence):D4}-{Guid.NewGuid():N}";
        return Enqueue(new FakeInvocation(
            requestId, payload, _timeProvider.GetUtcNow() + (timeout ?? DefaultTimeout), FunctionArn, traceId));
    }

    /// <summary>Queues an invocation with every header given.</summary>
    public string Enqueue(FakeInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        lock (_gate)
        {
            if (!_results.TryAdd(invocation.RequestId, new(TaskCreationOptions.RunContinuationsAsynchronously)))
            {
                throw new ArgumentException("Request id already used: " + invocation.RequestId, nameof(invocation));
            }

            // Hand it to the oldest poller whose connection is still open; a runtime that died while
            // polling leaves a closed socket behind, which must not swallow the invocation.
            while (_pollers.First is { } first)
            {
                _pollers.RemoveFirst();
                if (IsOpen(first.Value.Socket) && first.Value.Invocation.TrySetResult(invocation))
                {
                    return invocation.RequestId;
                }

                first.Value.Invocation.TrySetCanceled();
            }

            _queue.AddLast(invocation);
        }

        return invocation.RequestId;
    }

    /// <summary>Waits for the response or error of invocation <paramref name="requestId"/>.</summary>
    /// <exception cref="TimeoutException">Nothing posted within <paramref name="timeout"/>.</exception>
    public async Task<LambdaInvocationResult> WaitForResultAsync(string requestId, TimeSpan timeout)
    {
        Task<LambdaInvocationResult> result;
        lock (_gate)
        {
            result = _results.TryGetValue(requestId, out var source)
                ? source.Task
                : throw new ArgumentException("No invocation was queued with request id " + requestId, nameof(requestId));
        }

        try
        {
            return await result.WaitAsync(timeout);
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException(
                $"No result for {requestId} within {timeout.TotalSeconds:0.#} s (polls so far: {PollCount}, unexpected requests: {string.Join("; ", UnexpectedRequests)}).",
                exception);
        }
    }

    /// <summary>Queues <paramref name="payload"/> and waits for its result.</summary>
    public Task<LambdaInvocationResult> InvokeAsync(string payload, TimeSpan timeout, string? traceId = null) =>
        WaitForResultAsync(Enqueue(payload, traceId: traceId), timeout);

    /// <summary>
    /// Invokes with a typed event and reads the typed response, through source-generated metadata
    /// (e.g. LambdaEventJsonContext.Default.SQSEvent / .SQSBatchResponse).
    /// </summary>
    /// <exception cref="InvalidOperationException">The function reported an error; the message holds it.</exception>
    public async Task<TOut> InvokeAsync<TIn, TOut>(TIn input, JsonTypeInfo<TIn> inputType, JsonTypeInfo<TOut> outputType, TimeSpan timeout)
    {
        var result = await InvokeAsync(JsonSerializer.Serialize(input, inputType), timeout);
        return result.IsError
            ? throw new InvalidOperationException("The function reported an error: " + result)
            : JsonSerializer.Deserialize(result.Body, outputType)!;
    }

    /// <summary>Waits for a runtime to report an init error.</summary>
    public Task<LambdaInitError> WaitForInitErrorAsync(TimeSpan timeout) => _initError.Task.WaitAsync(timeout);

    /// <summary>Waits until runtimes have asked for the next invocation at least <paramref name="count"/> times in all.</summary>
    public Task WaitForPollsAsync(int count, TimeSpan timeout)
    {
        lock (_gate)
        {
            if (_pollCount >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _pollWaiters.Add((count, signal));
            return signal.Task.WaitAsync(timeout);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        _listener.Stop();
        Task[] tasks;
        lock (_gate)
        {
            foreach (var poller in _pollers)
            {
                poller.Invocation.TrySetCanceled();
            }

            foreach (var connection in _connections)
            {
                connection.Dispose();
            }

            tasks = [_acceptLoop, .. _connectionTasks];
        }

        try
        {
            await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or SocketException or ObjectDisposedException or TimeoutException)
        {
            // Connections torn down mid-request end this way; nothing to keep.
        }

        _stopping.Dispose();
    }

    private static bool IsOpen(Socket socket)
    {
        try
        {
            // Readable with nothing to read means the peer closed; a live poller sends nothing while it waits.
            return !(socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0);
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_gate)
            {
                _connections.Add(client);
                _connectionTasks.RemoveAll(task => task.IsCompleted);
                _connectionTasks.Add(Task.Run(() => ServeConnectionAsync(client)));
            }
        }
    }

    private async Task ServeConnectionAsync(TcpClient client)
    {
        try
        {
            using (client)
            {
                client.NoDelay = true;
                var connection = new MiniHttpConnection(client.GetStream());
                for (var served = 0; served < 1_000_000 && !_stopping.IsCancellationRequested; served++)
                {
                    var request = await connection.ReadRequestAsync(_stopping.Token);
                    if (request is null)
                    {
                        return;
                    }

                    var (status, headers, body) = await HandleAsync(request, client.Client);
                    await connection.WriteResponseAsync(status, headers, body, _stopping.Token);
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or SocketException or ObjectDisposedException or InvalidDataException)
        {
            // The runtime went away (or the fake is stopping); its pending invocation stays queued.
        }
        finally
        {
            lock (_gate)
            {
                _connections.Remove(client);
            }
        }
    }

    private async Task<(int Status, List<KeyValuePair<string, string>> Headers, byte[] Body)> HandleAsync(MiniHttpRequest request, Socket socket)
    {
        var path = request.Path.Split('?')[0];
        if (request.Method == "GET" && path == Prefix + "invocation/next")
        {
            var invocation = await NextInvocationAsync(socket);
            List<KeyValuePair<string, string>> headers =
            [
                new("Content-Type", "application/json"),
                new("Lambda-Runtime-Aws-Request-Id", invocation.RequestId),
                new("Lambda-Runtime-Deadline-Ms", invocation.Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)),
                new("Lambda-Runtime-Invoked-Function-Arn", invocation.InvokedFunctionArn),
            ];
            if (invocation.TraceId is not null)
            {
                headers.Add(new("Lambda-Runtime-Trace-Id", invocation.TraceId));
            }

            return (200, headers, Encoding.UTF8.GetBytes(invocation.Payload));
        }

        if (request.Method == "POST" && path == Prefix + "init/error")
        {
            _initError.TrySetResult(new LambdaInitError(Encoding.UTF8.GetString(request.Body), ErrorTypeHeader(request)));
            return Status(202, "{\"status\":\"OK\"}");
        }

        if (request.Method == "POST" && path.StartsWith(Prefix + "invocation/", StringComparison.Ordinal))
        {
            var rest = path[(Prefix.Length + "invocation/".Length)..].Split('/');
            if (rest.Length == 2 && rest[1] is "response" or "error")
            {
                return Complete(Uri.UnescapeDataString(rest[0]), rest[1] == "error", request);
            }
        }

        lock (_gate)
        {
            _unexpected.Add(request.Method + " " + request.Path);
        }

        return Status(404, "{\"errorMessage\":\"Unknown path\",\"errorType\":\"NotFound\"}");
    }

    private (int Status, List<KeyValuePair<string, string>> Headers, byte[] Body) Complete(string requestId, bool isError, MiniHttpRequest request)
    {
        TaskCompletionSource<LambdaInvocationResult>? source;
        lock (_gate)
        {
            _results.TryGetValue(requestId, out source);
        }

        if (source is null || source.Task.IsCompleted)
        {
            lock (_gate)
            {
                _unexpected.Add($"POST {request.Path} (unknown or already answered request id)");
            }

            return Status(400, "{\"errorMessage\":\"Invalid request ID\",\"errorType\":\"InvalidRequestID\"}");
        }

        if (!isError && request.Body.Length > MaxResponseBytes)
        {
            return Status(413, "{\"errorMessage\":\"Response payload size exceeded maximum allowed payload size.\",\"errorType\":\"RequestEntityTooLarge\"}");
        }

        source.TrySetResult(new LambdaInvocationResult(
            requestId, isError, Encoding.UTF8.GetString(request.Body), isError ? ErrorTypeHeader(request) : null));
        return Status(202, "{\"status\":\"OK\"}");
    }

    private async Task<FakeInvocation> NextInvocationAsync(Socket socket)
    {
        TaskCompletionSource<FakeInvocation> waiter;
        lock (_gate)
        {
            _pollCount++;
            foreach (var pending in _pollWaiters.Where(waiting => _pollCount >= waiting.Count).ToList())
            {
                pending.Signal.TrySetResult();
                _pollWaiters.Remove(pending);
            }

            if (_queue.First is { } queued)
            {
                _queue.RemoveFirst();
                return queued.Value;
            }

            waiter = new TaskCompletionSource<FakeInvocation>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pollers.AddLast(new Poller(socket, waiter));
        }

        return await waiter.Task.WaitAsync(_stopping.Token);
    }

    private static string? ErrorTypeHeader(MiniHttpRequest request) =>
        request.Headers.TryGetValue("Lambda-Runtime-Function-Error-Type", out var value) ? value : null;

    private static (int, List<KeyValuePair<string, string>>, byte[]) Status(int status, string json) =>
        (status, [new("Content-Type", "application/json")], Encoding.UTF8.GetBytes(json));

    private sealed record Poller(Socket Socket, TaskCompletionSource<FakeInvocation> Invocation);
}
