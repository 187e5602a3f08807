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
    public async Task DeferredWrite_IsSeenAtOnce_ByAnotherOpeningOfTheFile_AndLeavesTheConnectionAtFull()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "x.db");
        using var database = new SqliteDatabase(path, "CREATE TABLE IF NOT EXISTS t(v INTEGER);");

        var mode = await database.WriteDeferredAsync(
            s =>
            {
                s.Execute("INSERT INTO t(v) VALUES(7);");
                return s.Scalar("PRAGMA synchronous;");
            },
            CancellationToken.None);
        // What a process started after this one was killed reads: the commit is in the WAL.
        using var other = new SqliteDatabase(path, "SELECT 1;");

        Assert.That(mode, Is.EqualTo(1L), "NORMAL for the deferred transaction");
        Assert.That(other.Read(s => s.Scalar("SELECT v FROM t;")), Is.EqualTo(7L));
        Assert.That(database.Read(s => s.Scalar("PRAGMA synchronous;")), Is.EqualTo(SynchronousFull));
    }

    [Test]
    public async Task Flush_WritesOnceWhenDeferredCommitsArePending_AndNothingOtherwise()
    {
        using var directory = new TempDirectory();
        using var database = new SqliteDatabase(Path.Combine(directory.Path, "x.db"), "CREATE TABLE IF NOT EXISTS t(v INTEGER);");
        var nothingPending = await database.FlushAsync(CancellationToken.None);
        await database.WriteDeferredAsync(s => s.Execute("INSERT INTO t(v) VALUES(1);"), CancellationToken.None);
        await database.WriteDeferredAsync(s => s.Execute("INSERT INTO t(v) VALUES(2);"), CancellationToken.None);
        // A durable commit that changed nothing fsynced nothing, so the deferred ones are still pending.
        database.Write(s => s.Execute("DELETE FROM t WHERE v = 99;"));

        var pending = await database.FlushAsync(CancellationToken.None);
        var again = await database.FlushAsync(CancellationToken.None);

        Assert.That((nothingPending, pending, again), Is.EqualTo((false, true, false)));
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
