using Enrichment.Core.Batching;

namespace Enrichment.Local.Queue;

/// <summary>The batch queue port on the local main queue: one message per batch, JSON as on SQS.</summary>
public sealed class LocalBatchQueue(LocalQueue queue) : IBatchQueue
{
    public async Task<BatchesSent> SendAsync(IReadOnlyList<BatchMessage> messages, CancellationToken cancellationToken)
    {
        var bodies = new string[messages.Count];
        var sizes = new int[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            bodies[i] = JsonSerializer.Serialize(messages[i], EnrichmentJsonContext.Default.BatchMessage);
            sizes[i] = Encoding.UTF8.GetByteCount(bodies[i]);
        }

        await queue.SendAsync(bodies, cancellationToken);
        return new BatchesSent(sizes);
    }
}
