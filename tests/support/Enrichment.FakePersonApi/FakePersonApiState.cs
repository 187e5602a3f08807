using System.Collections.Concurrent;

namespace Enrichment.FakePersonApi;

/// <summary>
/// The fake API's switches and counters, set and read by a test while the server runs. Faults are
/// taken from a queue first (the next N requests), then <see cref="DefaultFault"/> applies.
/// </summary>
public sealed class FakePersonApiState
{
    private readonly ConcurrentQueue<FakeFault> _upcoming = new();
    private readonly ConcurrentQueue<FakeRequest> _requests = new();

    /// <summary>When set, requests must carry it in <see cref="ApiKeyHeader"/> or get a 401.</summary>
    public string? RequiredApiKey { get; set; }

    public string ApiKeyHeader { get; set; } = "X-Api-Key";

    /// <summary>Fault for every request once the queue is empty (e.g. a provider that stays down).</summary>
    public FakeFault DefaultFault { get; set; }

    public TimeSpan Latency { get; set; } = TimeSpan.FromMilliseconds(200);

    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>Every request received, in arrival order.</summary>
    public IReadOnlyList<FakeRequest> Requests => [.. _requests];

    public int RequestCount => _requests.Count;

    /// <summary>The next <paramref name="count"/> requests get <paramref name="fault"/>.</summary>
    public void EnqueueFaults(FakeFault fault, int count)
    {
        for (var i = 0; i < count; i++)
        {
            _upcoming.Enqueue(fault);
        }
    }

    /// <summary>Forgets requests and faults (the key and settings stay).</summary>
    public void Reset()
    {
        _upcoming.Clear();
        _requests.Clear();
        DefaultFault = FakeFault.None;
    }

    internal FakeFault NextFault() => _upcoming.TryDequeue(out var fault) ? fault : DefaultFault;

    internal void Record(FakeRequest request) => _requests.Enqueue(request);
}
