using System.Text.Json;
using Enrichment.Core.Batching;
using Enrichment.Core.Ports;
using Enrichment.Core.Serialization;

namespace Enrichment.Core.Costs.Counting;

/// <summary>
/// Counts the SQS requests of sends into the current <see cref="UsageTally"/>, as billed: messages
/// go ten to a SendMessageBatch (as the SQS adapter sends them) and each 64 KiB of a request's
/// bodies is one request. Entries the adapter re-sends after a partial failure are not seen here.
/// </summary>
public sealed class CountingBatchQueue(IBatchQueue inner) : IBatchQueue
{
    /// <summary>The adapter counted.</summary>
    public IBatchQueue Inner => inner;

    public async Task SendAsync(IReadOnlyList<BatchMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        await inner.SendAsync(messages, cancellationToken).ConfigureAwait(false);
        if (UsageTally.Current is not { } tally)
        {
            return;
        }

        long requests = 0;
        for (var start = 0; start < messages.Count; start += RequestUnits.SqsBatchMessages)
        {
            long bytes = 0;
            for (var i = start; i < Math.Min(messages.Count, start + RequestUnits.SqsBatchMessages); i++)
            {
                bytes += JsonSerializer.SerializeToUtf8Bytes(messages[i], EnrichmentJsonContext.Default.BatchMessage).Length;
            }

            requests += RequestUnits.SqsRequests(bytes);
        }

        tally.Add(new AwsUsage { SqsRequests = requests });
    }
}
