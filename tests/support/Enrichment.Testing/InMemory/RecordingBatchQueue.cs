using System.Collections.Concurrent;
using Enrichment.Core.Batching;
using Enrichment.Core.Ports;

namespace Enrichment.Testing.InMemory;

/// <summary>Keeps what was sent, in order, so a test can deliver it to the worker itself.</summary>
public sealed class RecordingBatchQueue : IBatchQueue
{
    private readonly ConcurrentQueue<BatchMessage> _sent = new();

    /// <summary>When set, the n-th call to SendAsync (1-based) throws, to test undo paths.</summary>
    public int? FailOnCall { get; set; }

    /// <summary>
    /// When set, the n-th call to SendAsync (1-based) stops the caller as a kill would: nothing is sent and
    /// nothing is undone (an <see cref="OperationCanceledException"/>, which no undo path catches).
    /// </summary>
    public int? KillOnCall { get; set; }

    public int Calls { get; private set; }

    public IReadOnlyList<BatchMessage> Sent => [.. _sent];

    public Task SendAsync(IReadOnlyList<BatchMessage> messages, CancellationToken cancellationToken)
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

        foreach (var message in messages)
        {
            _sent.Enqueue(message);
        }

        return Task.CompletedTask;
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
