using Polly;
using Polly.Retry;

namespace Enrichment.Aws.Resilience;

/// <summary>
/// The one way the AWS adapters wait between tries of what is safe to repeat: exponential backoff with
/// jitter (AWS's advice, so throttled writers do not retry in step), bounded by a count and a longest
/// delay. Each adapter says only what it retries and how patiently.
/// </summary>
internal static class AwsBackoff
{
    public static RetryStrategyOptions Retry(PredicateBuilder<object> shouldHandle, int retries, TimeSpan firstDelay, TimeSpan maxDelay) => new()
    {
        ShouldHandle = shouldHandle,
        MaxRetryAttempts = retries,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = firstDelay,
        MaxDelay = maxDelay,
    };

    public static RetryStrategyOptions<T> RetryResults<T>(PredicateBuilder<T> shouldHandle, int retries, TimeSpan firstDelay, TimeSpan maxDelay) => new()
    {
        ShouldHandle = shouldHandle,
        MaxRetryAttempts = retries,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = firstDelay,
        MaxDelay = maxDelay,
    };
}
