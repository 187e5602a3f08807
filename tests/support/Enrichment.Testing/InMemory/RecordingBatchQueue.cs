using System.Collections.Concurrent;
using System.Text.Json;
using Enrichment.Core.Batching;
using Enrichment.Core.Ports;
using Enrichment.Core.Serialization;

namespace Enrichment.Testing.InMemory;

/// <summary>Keeps what was sent, in order, so a test can deliver it to the worker itself.</summary>
public sealed class RecordingBatchQueue : IBatchQueue
{
    private readonly ConcurrentQueue<BatchMessage> _sent = new();
    private readonly ConcurrentQueue<int> _rowsPerCall = new();

    /// <summary>When set, the n-th call to SendAsync (1-based) throws, to test undo paths.</summary>
    public int? FailOnCall { get; set; }

    /// <summary>
    /// When set, the n-th call to SendAsync (1-based) stops the caller as a kill would: nothing is sent and
    /// nothing is undone (an <see cref="OperationCanceledException"/>, which no undo path catches).
    /// </summary>
    public int? KillOnCall { get; set; }

    public int Calls { get; private set; }

    /// <summary>The rows each call handed over (a claim-check message counts none).</summary>
    public IReadOnlyList<int> RowsPerCall => [.. _rowsPerCall];

    public IReadOnlyList<BatchMessage> Sent => [.. _sent];

    /// <summary>The records the sent messages carry or name (a range's count; a claim-check message's none).</summary>
    public long RecordsSent => _sent.Sum(m => m.Rows?.Count ?? m.Range?.Rows ?? 0);

    public Task<BatchesSent> SendAsync(IReadOnlyList<BatchMessage> messages, CancellationToken cancellationToken)
    {
        Calls++;
        if (FailOnCall == Calls)
        {
            throw new IOException("queue unavailable (test)");
        }

        if (KillOnCall == Calls)
        {
            throw new OperationCanceledException("killed (test)");
        }

        _rowsPerCall.Enqueue(messages.Sum(m => m.Rows?.Count ?? 0));
        var sizes = new int[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            _sent.Enqueue(messages[i]);
            // The size the body would have on a real queue, so counted costs in tests see true sizes.
            sizes[i] = JsonSerializer.SerializeToUtf8Bytes(messages[i], EnrichmentJsonContext.Default.BatchMessage).Length;
        }

        return Task.FromResult(new BatchesSent(sizes));
    }

    public IReadOnlyList<BatchMessage> Drain()
    {
        var drained = new List<BatchMessage>();
        while (_sent.TryDequeue(out var message))
        {
            drained.Add(message);
        }

        return drained;
    }
}
