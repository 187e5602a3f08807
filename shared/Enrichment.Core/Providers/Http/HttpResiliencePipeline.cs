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
/// <para>
/// An execution may carry the invocation's deadline (<see cref="HttpDeadline.Key"/>): each attempt's
/// timeout is then the configured one or the time left before the deadline less
/// <see cref="HttpProvider.DeadlineReserve"/>, whichever is shorter, and a retry whose wait would
/// leave less than <see cref="HttpProvider.MinimumAttemptTime"/> is not made (the last outcome stands).
/// </para>
/// </summary>
internal static class HttpResiliencePipeline
{
    /// <summary>The wait before the next retry, chosen when deciding whether to retry.</summary>
    private static readonly ResiliencePropertyKey<TimeSpan> NextDelayKey = new("enrichment.next-retry-delay");

    public static ResiliencePipeline<HttpResponseMessage> Build(HttpResilienceDefinition settings, RateLimiter limiter, TimeProvider timeProvider)
    {
        var maxDelay = TimeSpan.FromSeconds(settings.MaxRetryDelaySeconds);
        var baseDelay = TimeSpan.FromSeconds(settings.RetryBaseDelaySeconds);
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
        if (settings.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                // The wait is chosen here, before deciding, so a retry that cannot fit before the deadline is not made at all.
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args, baseDelay, maxDelay, timeProvider)),
                MaxRetryAttempts = settings.MaxRetries,
                MaxDelay = maxDelay,
                DelayGenerator = static args => ValueTask.FromResult<TimeSpan?>(args.Context.Properties.GetValue(NextDelayKey, TimeSpan.Zero)),
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
        var attemptTimeout = TimeSpan.FromSeconds(settings.AttemptTimeoutSeconds);
        builder.AddTimeout(new TimeoutStrategyOptions
        {
            Timeout = attemptTimeout,
            TimeoutGenerator = args => ValueTask.FromResult(AttemptTimeout(args.Context, attemptTimeout, timeProvider)),
        });
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

    /// <summary>The configured timeout, or the time left before the deadline (less the reserve) when that is shorter.</summary>
    private static TimeSpan AttemptTimeout(ResilienceContext context, TimeSpan configured, TimeProvider timeProvider) =>
        HttpDeadline.Budget(context, timeProvider) is { } left && left > TimeSpan.Zero && left < configured ? left : configured;

    private static bool ShouldRetry(RetryPredicateArguments<HttpResponseMessage> args, TimeSpan baseDelay, TimeSpan maxDelay, TimeProvider timeProvider)
    {
        if (!IsTransient(args.Outcome))
        {
            return false;
        }

        var delay = RetryAfter(args.Outcome, timeProvider, maxDelay) ?? Backoff(args.AttemptNumber, baseDelay, maxDelay);
        args.Context.Properties.Set(NextDelayKey, delay);
        return HttpDeadline.Fits(HttpDeadline.Budget(args.Context, timeProvider), delay);
    }

    /// <summary>Exponential backoff with jitter: between half and all of base × 2^attempt, capped.</summary>
    private static TimeSpan Backoff(int attempt, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        var nominal = baseDelay.TotalSeconds * Math.Pow(2, attempt);
        var seconds = nominal * (0.5 + (Random.Shared.NextDouble() / 2));
        return seconds >= maxDelay.TotalSeconds ? maxDelay : TimeSpan.FromSeconds(seconds);
    }

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
