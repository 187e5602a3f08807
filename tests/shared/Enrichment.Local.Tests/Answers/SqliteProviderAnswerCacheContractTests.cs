using Enrichment.Core.Ports;
using Enrichment.Local.Answers;
using Enrichment.Testing.Contracts;

namespace Enrichment.Local.Tests.Answers;

[TestFixture]
public sealed class SqliteProviderAnswerCacheContractTests : ProviderAnswerCacheContract
{
    private readonly TempDirectory _directory = new();

    protected override Task<IProviderAnswerCache> CreateCacheAsync(TimeProvider time) =>
        Task.FromResult<IProviderAnswerCache>(new SqliteProviderAnswerCache(_directory.Sub(), time));

    [OneTimeTearDown]
    public void RemoveDirectory() => _directory.Dispose();
}
