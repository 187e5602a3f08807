using System.Net;
using System.Threading.RateLimiting;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Enrichment.Core.Providers.Http;

/// <summary>
/// The one resilience pipeline of a provider, outermost first: retry (exponential backoff with
/// jitter, or the server's Retry-After, capped) on 429, 5xx, timeouts and connection failures;
/// a circuit breaker counting every attempt; the client-side rate limiter (each attempt takes a
/// token, so retries cannot exceed the rate); a timeout per attempt.
/// </summary>
internal static class HttpResiliencePipeline
{
    public static ResiliencePipeline<HttpResponseMessage> Build(HttpResilienceDefinition settings, RateLimiter limiter, TimeProvider timeProvider)
    {
        var maxDelay = TimeSpan.FromSeconds(settings.MaxRetryDelaySeconds);
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
        if (settings.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = static args => ValueTask.FromResult(IsTransient(args.Outcome)),
                MaxRetryAttempts = settings.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(settings.RetryBaseDelaySeconds),
                MaxDelay = maxDelay,
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome, timeProvider, maxDelay)),
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            ShouldHandle = static args => ValueTask.FromResult(IsTransient(args.Outcome)),
            FailureRatio = settings.BreakerFailureRatio,
            MinimumThroughput = settings.BreakerMinimumThroughput,
            SamplingDuration = TimeSpan.FromSeconds(settings.BreakerSamplingSeconds),
            BreakDuration = TimeSpan.FromSeconds(settings.BreakerBreakSeconds),
        });
        builder.AddRateLimiter(limiter);
        builder.AddTimeout(TimeSpan.FromSeconds(settings.AttemptTimeoutSeconds));
        return builder.Build();
    }

    /// <summary>A token bucket of one token refilled at the configured rate: no bursts above it.</summary>
    public static TokenBucketRateLimiter CreateLimiter(HttpResilienceDefinition settings) =>
        new(new TokenBucketRateLimiterOptions
        {
            TokenLimit = 1,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1 / settings.RequestsPerSecond),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });

    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is HttpRequestException or TimeoutRejectedException
        || (outcome.Result is { } response && IsTransient(response.StatusCode));

    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;

    /// <summary>The server's Retry-After (seconds or a date), capped; null lets the backoff decide.</summary>
    private static TimeSpan? RetryAfter(Outcome<HttpResponseMessage> outcome, TimeProvider timeProvider, TimeSpan maxDelay)
    {
        var header = outcome.Result?.Headers.RetryAfter;
        TimeSpan? delay = header?.Delta ?? (header?.Date is { } date ? date - timeProvider.GetUtcNow() : null);
        if (delay is not { } wait)
        {
            return null;
        }

        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > maxDelay ? maxDelay : wait;
    }
}
