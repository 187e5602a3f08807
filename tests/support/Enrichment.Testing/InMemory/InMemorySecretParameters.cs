using Enrichment.Core.Ports;

namespace Enrichment.Testing.InMemory;

/// <summary>Secret parameters in memory, counting reads (a provider must read its key once).</summary>
public sealed class InMemorySecretParameters : ISecretParameters
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);

    public int Reads { get; private set; }

    public InMemorySecretParameters Set(string name, string value)
    {
        lock (gate)
        {
            values[name] = value;
            return this;
        }
    }

    public Task<string?> GetAsync(string name, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            Reads++;
            return Task.FromResult(values.TryGetValue(name, out var value) ? value : null);
        }
    }
}
