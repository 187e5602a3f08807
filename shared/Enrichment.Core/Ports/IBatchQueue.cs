namespace Enrichment.Core.Ports;

/// <summary>The main work queue. Delivery is at least once; a dead-letter queue takes what keeps failing.</summary>
public interface IBatchQueue
{
    /// <summary>
    /// Sends every message (in groups of up to ten, retrying entries that failed) or throws; answers the
    /// size of each body sent (entries re-sent after a partial failure are reported once).
    /// </summary>
    Task<BatchesSent> SendAsync(IReadOnlyList<BatchMessage> messages, CancellationToken cancellationToken);
}
