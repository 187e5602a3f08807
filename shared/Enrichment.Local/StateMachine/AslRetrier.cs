namespace Enrichment.Local.StateMachine;

/// <summary>One Retry entry of a Task state.</summary>
public sealed record AslRetrier(
    IReadOnlyList<string> ErrorEquals,
    double IntervalSeconds,
    int MaxAttempts,
    double BackoffRate,
    double? MaxDelaySeconds)
{
    /// <summary>The pause before retry number <paramref name="retry"/> (0-based).</summary>
    public TimeSpan DelayBefore(int retry)
    {
        var seconds = IntervalSeconds * Math.Pow(BackoffRate, retry);
        if (MaxDelaySeconds is { } max && seconds > max)
        {
            seconds = max;
        }

        return TimeSpan.FromSeconds(seconds);
    }
}
