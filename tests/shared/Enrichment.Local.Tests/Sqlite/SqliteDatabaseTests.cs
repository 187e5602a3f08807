using Enrichment.Local.ControlTable;
using Enrichment.Local.Queue;
using Enrichment.Local.Sqlite;

namespace Enrichment.Local.Tests.Sqlite;

public sealed class SqliteDatabaseTests
{
    private const long SynchronousFull = 2;

    [Test]
    public void EveryConnection_CommitsWithSynchronousFull()
    {
        using var directory = new TempDirectory();
        using var database = new SqliteDatabase(Path.Combine(directory.Path, "x.db"), "CREATE TABLE IF NOT EXISTS t(v INTEGER);");

        // A read and a write transaction, each on whichever pooled connection it gets.
        var read = database.Read(s => s.Scalar("PRAGMA synchronous;"));
        var written = database.Write(s => s.Scalar("PRAGMA synchronous;"));

        Assert.That((read, written), Is.EqualTo(((object?)SynchronousFull, (object?)SynchronousFull)));
    }

    [Test]
    public void ControlTableAndQueues_OpenTheirFilesThroughIt()
    {
        using var directory = new TempDirectory();
        using (new SqliteControlTable(directory.Path, TimeProvider.System))
        using (new LocalQueueStore(directory.Path, TimeProvider.System))
        {
        }

        foreach (var file in new[] { SqliteControlTable.FileName, LocalQueueStore.FileName })
        {
            using var reopened = new SqliteDatabase(Path.Combine(directory.Path, file), "SELECT 1;");
            Assert.That(reopened.Read(s => s.Scalar("PRAGMA journal_mode;")), Is.EqualTo("wal"), file);
            Assert.That(reopened.Read(s => s.Scalar("PRAGMA synchronous;")), Is.EqualTo(SynchronousFull), file);
        }
    }
}
