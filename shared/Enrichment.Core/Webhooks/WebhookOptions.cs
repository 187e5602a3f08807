namespace Enrichment.Core.Webhooks;

/// <summary>
/// How completion events are sent. The deployment chooses these, never a request. Defaults are the AWS
/// ones: HTTPS to public addresses only; attempts at once, then after 1, 2, 4, … seconds (capped at
/// <see cref="MaxRetryDelay"/>), at most <see cref="MaxAttempts"/> of them, all within <see cref="TotalTime"/>.
/// </summary>
public sealed record WebhookOptions
{
    /// <summary>Plain http callbacks (the local host; never on AWS).</summary>
    public bool AllowHttp { get; init; }

    /// <summary>Callbacks to loopback addresses (the local host, whose receivers run on the same machine).</summary>
    public bool AllowLoopback { get; init; }

    /// <summary>One request's limit, connection included.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Every attempt and wait of one event; the webhook function's own timeout is above it.</summary>
    public TimeSpan TotalTime { get; init; } = TimeSpan.FromMinutes(4);

    public int MaxAttempts { get; init; } = 8;

    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest callbackUrl a job may name.</summary>
    public int MaxUrlLength { get; init; } = 2048;

    /// <summary>The local host's: http and loopback allowed, private networks still refused.</summary>
    public static WebhookOptions Local => new() { AllowHttp = true, AllowLoopback = true };

    /// <summary>The wait before retry number <paramref name="retry"/> (0 for the first retry).</summary>
    public TimeSpan RetryDelay(int retry)
    {
        var seconds = FirstRetryDelay.TotalSeconds * Math.Pow(2, Math.Min(retry, 30));
        return seconds >= MaxRetryDelay.TotalSeconds ? MaxRetryDelay : TimeSpan.FromSeconds(seconds);
    }
}
