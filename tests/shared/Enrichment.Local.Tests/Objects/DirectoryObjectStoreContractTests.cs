using Enrichment.Core.Ports;
using Enrichment.Local.Objects;
using Enrichment.Testing.Contracts;

namespace Enrichment.Local.Tests.Objects;

[TestFixture]
public sealed class DirectoryObjectStoreContractTests : ObjectStoreContract
{
    private readonly TempDirectory _directory = new();
    private LocalObjectEndpoint _endpoint = null!;

    protected override Task<IObjectStore> CreateStoreAsync()
    {
        var data = _directory.Sub();
        var signer = LocalUrlSigner.ForDataDirectory(data, TimeProvider.System);
        var store = new DirectoryObjectStore(data, signer, new Uri("http://127.0.0.1:8080"));
        _endpoint = new LocalObjectEndpoint(store, signer);
        return Task.FromResult<IObjectStore>(store);
    }

    protected override Task DisposeStoreAsync(IObjectStore store)
    {
        ((DirectoryObjectStore)store).Dispose();
        return Task.CompletedTask;
    }

    protected override HttpMessageHandler CreateHttpHandler() => new LocalObjectHttpHandler(_endpoint);

    [OneTimeTearDown]
    public void RemoveDirectory() => _directory.Dispose();
}
