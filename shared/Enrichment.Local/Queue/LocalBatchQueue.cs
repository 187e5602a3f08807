using Enrichment.Core.Batching;

namespace Enrichment.Local.Queue;

/// <summary>The batch queue port on the local main queue: one message per batch, JSON as on SQS.</summary>
public sealed class LocalBatchQueue(LocalQueue queue) : IBatchQueue
{
    /// <summary>The serializer's own writer settings, so a body is the bytes SerializeToUtf8Bytes makes.</summary>
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = EnrichmentJsonContext.Default.Options.Encoder,
        Indented = EnrichmentJsonContext.Default.Options.WriteIndented,
        MaxDepth = EnrichmentJsonContext.Default.Options.MaxDepth,
    };

    public async Task<BatchesSent> SendAsync(IReadOnlyList<BatchMessage> messages, CancellationToken cancellationToken)
    {
        // Every body of the hand-off is serialized straight to UTF-8 into one pooled buffer and
        // copied from there into SQLite: no array, and no UTF-16 string, per body (issue 13).
        using var buffer = new PooledBufferWriter(64 * 1024);
        var ends = new int[messages.Count];
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            for (var i = 0; i < messages.Count; i++)
            {
                JsonSerializer.Serialize(writer, messages[i], EnrichmentJsonContext.Default.BatchMessage);
                writer.Flush();
                writer.Reset();
                ends[i] = buffer.WrittenMemory.Length;
            }
        }

        var bodies = new ReadOnlyMemory<byte>[messages.Count];
        var sizes = new int[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            var start = i == 0 ? 0 : ends[i - 1];
            bodies[i] = buffer.WrittenMemory[start..ends[i]];
            sizes[i] = ends[i] - start;
        }

        await queue.SendAsync(bodies, cancellationToken);
        return new BatchesSent(sizes);
    }
}
