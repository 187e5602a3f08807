using Enrichment.Core.Ports;
using Enrichment.Testing.Contracts;
using Enrichment.Testing.InMemory;

namespace Enrichment.Local.Tests.ControlTable;

/// <summary>
/// The in-memory table of Enrichment.Testing is the reference the services' unit tests run on, so it
/// must keep the contract too; it has no test project of its own and runs here beside the SQLite one.
/// </summary>
[TestFixture]
public sealed class InMemoryControlTableContractTests : ControlTableContract
{
    protected override Task<IControlTable> CreateTableAsync() => Task.FromResult<IControlTable>(new InMemoryControlTable());
}
