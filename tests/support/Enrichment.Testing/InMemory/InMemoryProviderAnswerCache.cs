using Enrichment.Core.Ports;

namespace Enrichment.Testing.InMemory;

/// <summary>A job-wide answer cache in memory, counting reads and writes for tests.</summary>
public sealed class InMemoryProviderAnswerCache : IProviderAnswerCache
{
    private readonly Lock gate = new();
    private readonly Dictionary<(string JobId, string Provider, string Key), string> answers = [];

    public int Gets { get; private set; }

    public int Puts { get; private set; }

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
        lock (gate)
        {
            Gets++;
            var found = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                if (answers.TryGetValue((jobId, provider, key), out var answer))
                {
                    found[key] = answer;
                }
            }

            return Task.FromResult<IReadOnlyDictionary<string, string>>(found);
        }
    }

    public Task PutManyAsync(string jobId, string provider, IReadOnlyDictionary<string, string> answers, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answers);
        lock (gate)
        {
            Puts++;
            foreach (var (key, answer) in answers)
            {
                this.answers[(jobId, provider, key)] = answer;
            }

            return Task.CompletedTask;
        }
    }
}
