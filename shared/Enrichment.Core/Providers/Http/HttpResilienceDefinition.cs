namespace Enrichment.Core.Providers.Http;

/// <summary>Resilience settings of one provider; every value has a default fit for a paid API.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
// Settable, not init: the source-generated serializer would overwrite init-only defaults of absent properties.
public sealed record HttpResilienceDefinition
{
    public double AttemptTimeoutSeconds { get; set; } = 10;

    public int MaxRetries { get; set; } = 3;

    public double RetryBaseDelaySeconds { get; set; } = 0.5;

    /// <summary>Longest wait before a retry, also for a server's Retry-After.</summary>
    public double MaxRetryDelaySeconds { get; set; } = 30;

    public double BreakerFailureRatio { get; set; } = 0.5;

    public int BreakerMinimumThroughput { get; set; } = 5;

    public double BreakerSamplingSeconds { get; set; } = 30;

    public double BreakerBreakSeconds { get; set; } = 30;

    /// <summary>Requests per second this worker may send (token bucket).</summary>
    public double RequestsPerSecond { get; set; } = 10;
}
