using Polly;

namespace Enrichment.Core.Providers.Http;

/// <summary>
/// How the invocation's deadline bounds a provider's calls. The pipeline is shared by every batch of
/// the container, so the deadline travels with each execution in its <see cref="ResilienceContext"/>.
/// </summary>
internal static class HttpDeadline
{
    public static readonly ResiliencePropertyKey<DateTimeOffset> Key = new("enrichment.deadline");

    /// <summary>The time calls may still use: up to the deadline less the reserve; null without a deadline.</summary>
    public static TimeSpan? Budget(DateTimeOffset? deadline, TimeProvider timeProvider) =>
        deadline is { } at ? at - HttpProvider.DeadlineReserve - timeProvider.GetUtcNow() : null;

    public static TimeSpan? Budget(ResilienceContext context, TimeProvider timeProvider) =>
        Budget(context.Properties.TryGetValue(Key, out var deadline) ? deadline : null, timeProvider);

    /// <summary>Whether an attempt that starts after <paramref name="wait"/> still gets the least time worth a call.</summary>
    public static bool Fits(TimeSpan? budget, TimeSpan wait) =>
        budget is not { } left || left - wait >= HttpProvider.MinimumAttemptTime;
}
