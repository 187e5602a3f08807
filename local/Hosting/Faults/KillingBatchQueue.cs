using Enrichment.Core.Batching;

namespace Enrichment.Local.Host.Hosting.Faults;

/// <summary>Kills the host before a send of batches: a split's (<c>send</c>) or a retry's (<c>retry-send</c>).</summary>
public sealed class KillingBatchQueue(IBatchQueue inner, KillPoint kill) : IBatchQueue
{
    public Task<BatchesSent> SendAsync(IReadOnlyList<BatchMessage> messages, CancellationToken cancellationToken)
    {
        kill.Reach(messages.Count > 0 && messages[0].Attempt > 0 ? "retry-send" : "send");
        return inner.SendAsync(messages, cancellationToken);
    }
}
