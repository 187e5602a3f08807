using Enrichment.Core.Ports;

namespace Enrichment.Testing.InMemory;

/// <summary>A job-wide answer cache in memory, counting reads and writes for tests.</summary>
public sealed class InMemoryProviderAnswerCache(TimeProvider? time = null) : IProviderAnswerCache
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private readonly Dictionary<(string JobId, string Provider, string Key), (string Answer, DateTimeOffset ExpiresAt)> _answers = [];

    public int Gets { get; private set; }

    public int Puts { get; private set; }

    /// <summary>Stored answers, expired ones included (nothing purges them here).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _answers.Count;
            }
        }
    }

    public Task<IReadOnlyDictionary<string, string>> GetManyAsync(string jobId, string provider, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            Gets++;
            var found = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                if (_answers.TryGetValue((jobId, provider, key), out var entry) && entry.ExpiresAt > now)
                {
                    found[key] = entry.Answer;
                }
            }

            return Task.FromResult<IReadOnlyDictionary<string, string>>(found);
        }
    }

    public Task PutManyAsync(string jobId, string provider, IReadOnlyDictionary<string, string> answers, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answers);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            Puts++;
            foreach (var (key, answer) in answers)
            {
                _answers[(jobId, provider, key)] = (answer, expiresAt);
            }

            return Task.CompletedTask;
        }
    }
}
