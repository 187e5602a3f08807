using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Enrichment.Lambda.RuntimeSupport;

/// <summary>
/// A client of the Lambda Runtime API (version 2018-06-01), the HTTP interface a custom runtime uses
/// to take invocations and hand back results.
/// </summary>
public sealed class LambdaRuntimeClient : IDisposable
{
    /// <summary>The variable Lambda sets to the Runtime API's "host:port".</summary>
    public const string RuntimeApiVariable = "AWS_LAMBDA_RUNTIME_API";

    /// <summary>The variable the AWS SDK and X-Ray read the current trace header from.</summary>
    public const string TraceIdVariable = "_X_AMZN_TRACE_ID";

    public const string RequestIdHeader = "Lambda-Runtime-Aws-Request-Id";
    public const string DeadlineHeader = "Lambda-Runtime-Deadline-Ms";
    public const string FunctionArnHeader = "Lambda-Runtime-Invoked-Function-Arn";
    public const string TraceIdHeader = "Lambda-Runtime-Trace-Id";
    public const string ErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <param name="runtimeApi">The Runtime API's "host:port".</param>
    /// <param name="httpClient">
    /// A client to use; it must not time out on its own (<see cref="Timeout.InfiniteTimeSpan"/>),
    /// because the next-invocation call long-polls for as long as the function stays idle. When null,
    /// the runtime client makes (and disposes) one of its own.
    /// </param>
    public LambdaRuntimeClient(string runtimeApi, HttpClient? httpClient = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runtimeApi);
        BaseAddress = new Uri("http://" + runtimeApi.Trim().TrimEnd('/') + "/2018-06-01/runtime/", UriKind.Absolute);
        if (httpClient is null)
        {
            // No proxy: the Runtime API is local, and a proxy variable in the function's environment must not reroute it.
            _http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = Timeout.InfiniteTimeSpan };
            _ownsHttp = true;
        }
        else
        {
            _http = httpClient;
        }
    }

    /// <summary>http://host:port/2018-06-01/runtime/</summary>
    public Uri BaseAddress { get; }

    /// <summary>The bound on posting a response or an error; the Runtime API is local, so this is generous.</summary>
    public TimeSpan PostTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A client for the Runtime API named by AWS_LAMBDA_RUNTIME_API.</summary>
    /// <exception cref="InvalidOperationException">The variable is not set (not running inside Lambda).</exception>
    public static LambdaRuntimeClient FromEnvironment()
    {
        var runtimeApi = Environment.GetEnvironmentVariable(RuntimeApiVariable);
        return string.IsNullOrWhiteSpace(runtimeApi)
            ? throw new InvalidOperationException(RuntimeApiVariable + " is not set; this executable must run as a Lambda custom runtime.")
            : new LambdaRuntimeClient(runtimeApi);
    }

    /// <summary>
    /// Waits (without a time limit) for the next invocation. Also sets _X_AMZN_TRACE_ID to the
    /// invocation's trace header, as Lambda's own runtimes do, so the AWS SDK propagates it.
    /// </summary>
    public async Task<InvocationRequest> GetNextInvocationAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(BaseAddress, "invocation/next"), HttpCompletionOption.ResponseContentRead, cancellationToken);
        EnsureSuccess(response, "invocation/next");
        var requestId = Header(response, RequestIdHeader)
            ?? throw new LambdaRuntimeException("The next invocation has no " + RequestIdHeader + " header.");
        var deadline = Header(response, DeadlineHeader) is { } deadlineText
            && long.TryParse(deadlineText, NumberStyles.None, CultureInfo.InvariantCulture, out var deadlineMs)
                ? DateTimeOffset.FromUnixTimeMilliseconds(deadlineMs)
                : throw new LambdaRuntimeException("The next invocation has no valid " + DeadlineHeader + " header.");
        var traceId = Header(response, TraceIdHeader);
        Environment.SetEnvironmentVariable(TraceIdVariable, traceId);
        var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return new InvocationRequest(requestId, deadline, Header(response, FunctionArnHeader) ?? string.Empty, traceId, payload);
    }

    /// <summary>Hands back the result of invocation <paramref name="requestId"/>.</summary>
    /// <exception cref="LambdaRuntimeException">Refused, e.g. 413 when the response is over Lambda's payload limit.</exception>
    public Task SendResponseAsync(string requestId, ReadOnlyMemory<byte> body, CancellationToken cancellationToken) =>
        PostAsync("invocation/" + Uri.EscapeDataString(requestId) + "/response", body, errorType: null, cancellationToken);

    /// <summary>Reports that invocation <paramref name="requestId"/> failed.</summary>
    public Task ReportInvocationErrorAsync(string requestId, LambdaErrorReport error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        return PostAsync("invocation/" + Uri.EscapeDataString(requestId) + "/error", error.ToJson(), error.ErrorType, cancellationToken);
    }

    /// <summary>Reports that the function could not initialize; Lambda then fails the pending invocation.</summary>
    public Task ReportInitErrorAsync(LambdaErrorReport error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        return PostAsync("init/error", error.ToJson(), error.ErrorType, cancellationToken);
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private async Task PostAsync(string path, ReadOnlyMemory<byte> body, string? errorType, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(PostTimeout);
        using var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseAddress, path)) { Content = content };
        if (errorType is not null)
        {
            request.Headers.TryAddWithoutValidation(ErrorTypeHeader, errorType);
        }

        using var response = await _http.SendAsync(request, timeout.Token);
        EnsureSuccess(response, path);
    }

    private static void EnsureSuccess(HttpResponseMessage response, string path)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new LambdaRuntimeException(
                $"The Runtime API answered {(int)response.StatusCode} to {path}.", response.StatusCode);
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    internal static bool IsPayloadTooLarge(LambdaRuntimeException exception) =>
        exception.StatusCode == HttpStatusCode.RequestEntityTooLarge;
}
