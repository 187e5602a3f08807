using Enrichment.Core.Ports;

namespace Enrichment.Testing.InMemory;

/// <summary>Secret parameters in memory, counting reads (a provider must read its key once).</summary>
public sealed class InMemorySecretParameters : ISecretParameters
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public int Reads { get; private set; }

    public InMemorySecretParameters Set(string name, string value)
    {
        lock (_gate)
        {
            _values[name] = value;
            return this;
        }
    }

    public Task<string?> GetAsync(string name, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            Reads++;
            return Task.FromResult(_values.TryGetValue(name, out var value) ? value : null);
        }
    }
}
