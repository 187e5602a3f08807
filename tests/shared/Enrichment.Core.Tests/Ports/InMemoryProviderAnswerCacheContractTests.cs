using Enrichment.Core.Ports;
using Enrichment.Testing.Contracts;
using Enrichment.Testing.InMemory;

namespace Enrichment.Core.Tests.Ports;

/// <summary>The in-memory cache the service tests use must keep the contract the real adapters keep.</summary>
[TestFixture]
public sealed class InMemoryProviderAnswerCacheContractTests : ProviderAnswerCacheContract
{
    protected override Task<IProviderAnswerCache> CreateCacheAsync(TimeProvider time) =>
        Task.FromResult<IProviderAnswerCache>(new InMemoryProviderAnswerCache(time));
}
