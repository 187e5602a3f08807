using Enrichment.Core.Batching;

namespace Enrichment.Local.Queue;

/// <summary>The batch queue port on the local main queue: one message per batch, JSON as on SQS.</summary>
public sealed class LocalBatchQueue(LocalQueue queue) : IBatchQueue
{
    public async Task<BatchesSent> SendAsync(IReadOnlyList<BatchMessage> messages, CancellationToken cancellationToken)
    {
        // Serialized straight to UTF-8, the bytes the queue stores: no UTF-16 string of each body.
        var bodies = new byte[messages.Count][];
        var sizes = new int[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            bodies[i] = JsonSerializer.SerializeToUtf8Bytes(messages[i], EnrichmentJsonContext.Default.BatchMessage);
            sizes[i] = bodies[i].Length;
        }

        await queue.SendAsync(bodies, cancellationToken);
        return new BatchesSent(sizes);
    }
}
