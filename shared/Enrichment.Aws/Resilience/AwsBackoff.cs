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
    public static RetryStrategyOptions Retry(PredicateBuilder<object> shouldHandle, int retries, TimeSpan firstDelay, TimeSpan maxDelay) =>
        Configure(new RetryStrategyOptions(), shouldHandle, retries, firstDelay, maxDelay);

    public static RetryStrategyOptions<T> RetryResults<T>(PredicateBuilder<T> shouldHandle, int retries, TimeSpan firstDelay, TimeSpan maxDelay) =>
        Configure(new RetryStrategyOptions<T>(), shouldHandle, retries, firstDelay, maxDelay);

    private static TOptions Configure<TOptions, T>(TOptions options, PredicateBuilder<T> shouldHandle, int retries, TimeSpan firstDelay, TimeSpan maxDelay)
        where TOptions : RetryStrategyOptions<T>
    {
        options.ShouldHandle = shouldHandle;
        options.MaxRetryAttempts = retries;
        options.BackoffType = DelayBackoffType.Exponential;
        options.UseJitter = true;
        options.Delay = firstDelay;
        options.MaxDelay = maxDelay;
        return options;
    }
}
