using System.Net.Http.Headers;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Enrichment.Core.Webhooks;

/// <summary>
/// Sends one signed event: a POST with the Standard Webhooks headers, retried on non-2xx answers,
/// timeouts and connection errors after <see cref="WebhookOptions.RetryDelay"/>, each attempt
/// within <see cref="WebhookOptions.AttemptTimeout"/>, all within <see cref="WebhookOptions.TotalTime"/>.
/// Every connection goes through <see cref="WebhookAddressGuard"/>; a refused address is never retried.
/// No proxy, no redirects (a redirect is an answer, and not a 2xx), no cookies.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    private readonly WebhookOptions _options;
    private readonly TimeProvider _time;
    private readonly HttpClient _client;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public WebhookSender(WebhookOptions options, TimeProvider time, WebhookAddressGuard? guard = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = time;
        guard ??= new WebhookAddressGuard(options.AllowLoopback);
        _client = new HttpClient(
            new SocketsHttpHandler
            {
                ConnectCallback = guard.ConnectAsync,
                UseProxy = false,
                AllowAutoRedirect = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            },
            disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("enrichment-webhooks", "1"));
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddTimeout(options.TotalTime)
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = static args => ValueTask.FromResult(ShouldRetry(args.Outcome)),
                MaxRetryAttempts = Math.Max(0, options.MaxAttempts - 1),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(options.RetryDelay(args.AttemptNumber)),
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    public async Task<WebhookSendResult> SendAsync(Uri url, string messageId, byte[] body, byte[] key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && _options.AllowHttp))
        {
            return new WebhookSendResult(WebhookOutcomes.Refused, 0, null);
        }

        var attempts = 0;
        int? lastStatus = null;
        try
        {
            using var response = await _pipeline.ExecuteAsync(
                async token =>
                {
                    Interlocked.Increment(ref attempts);
                    using var request = Request(url, messageId, body, key);
                    var answer = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
                    lastStatus = (int)answer.StatusCode;
                    return answer;
                },
                cancellationToken);
            return new WebhookSendResult(response.IsSuccessStatusCode ? WebhookOutcomes.Delivered : WebhookOutcomes.Failed, attempts, lastStatus);
        }
        catch (HttpRequestException ex) when (IsRefusal(ex))
        {
            return new WebhookSendResult(WebhookOutcomes.Refused, Math.Max(0, attempts - 1), lastStatus);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or IOException)
        {
            return new WebhookSendResult(WebhookOutcomes.Failed, attempts, lastStatus);
        }
    }

    public void Dispose() => _client.Dispose();

    /// <summary>Signed per attempt: the timestamp is the attempt's, as receivers check it against their clock.</summary>
    private HttpRequestMessage Request(Uri url, string messageId, byte[] body, byte[] key)
    {
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.TryAddWithoutValidation("webhook-id", messageId);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", WebhookSignature.Sign(key, messageId, timestamp, body));
        return request;
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException ex } => !IsRefusal(ex),
        { Exception: TimeoutRejectedException or IOException } => true,
        { Result: { } response } => !response.IsSuccessStatusCode,
        _ => false,
    };

    private static bool IsRefusal(Exception ex)
    {
        for (var inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is WebhookAddressRefusedException)
            {
                return true;
            }
        }

        return false;
    }
}
