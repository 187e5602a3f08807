using Enrichment.Core.Ports;

namespace Enrichment.Testing.InMemory;

/// <summary>A job-wide answer cache in memory, counting reads and writes for tests.</summary>
public sealed class InMemoryProviderAnswerCache(TimeProvider? time = null) : IProviderAnswerCache
{
    private readonly TimeProvider time = time ?? TimeProvider.System;
    private readonly Lock gate = new();
    private readonly Dictionary<(string JobId, string Provider, string Key), (string Answer, DateTimeOffset ExpiresAt)> answers = [];

    public int Gets { get; private set; }

    public int Puts { get; private set; }

    /// <summary>Stored answers, expired ones included (nothing purges them here).</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return answers.Count;
            }
        }
    }

    public Task<IReadOnlyDictionary<string, string>> GetManyAsync(string jobId, string provider, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        cancellationToken.ThrowIfCancellationRequested();
        var now = time.GetUtcNow();
        lock (gate)
        {
            Gets++;
            var found = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                if (answers.TryGetValue((jobId, provider, key), out var entry) && entry.ExpiresAt > now)
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
        lock (gate)
        {
            Puts++;
            foreach (var (key, answer) in answers)
            {
                this.answers[(jobId, provider, key)] = (answer, expiresAt);
            }

            return Task.CompletedTask;
        }
    }
}
