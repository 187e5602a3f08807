using Enrichment.Core.Ports;
using Enrichment.Testing.Contracts;
using Enrichment.Testing.InMemory;

namespace Enrichment.Core.Tests.Ports;

/// <summary>The in-memory parameters the service tests use must keep the contract the real adapters keep.</summary>
[TestFixture]
public sealed class InMemorySecretParametersContractTests : SecretParametersContract
{
    protected override Task<ISecretParameters> CreateParametersAsync(IReadOnlyList<Seed> parameters)
    {
        var store = new InMemorySecretParameters();
        foreach (var parameter in parameters)
        {
            store.Set(parameter.Name, parameter.Value);
        }

        return Task.FromResult<ISecretParameters>(store);
    }
}
