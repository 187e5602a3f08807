using Enrichment.Core.Ports;
using Enrichment.Local.ControlTable;
using Enrichment.Testing.Contracts;

namespace Enrichment.Local.Tests.ControlTable;

[TestFixture]
public sealed class SqliteControlTableContractTests : ControlTableContract
{
    private readonly TempDirectory _directory = new();

    protected override Task<IControlTable> CreateTableAsync() =>
        Task.FromResult<IControlTable>(new SqliteControlTable(_directory.Sub(), TimeProvider.System, pageSize: 7));

    protected override Task DisposeTableAsync(IControlTable table)
    {
        ((SqliteControlTable)table).Dispose();
        return Task.CompletedTask;
    }

    [OneTimeTearDown]
    public void RemoveDirectory() => _directory.Dispose();
}
