using Enrichment.Local.ControlTable;
using Enrichment.Local.Queue;
using Enrichment.Local.Sqlite;
using Microsoft.Data.Sqlite;

namespace Enrichment.Local.Tests.Sqlite;

public sealed class SqliteDatabaseTests
{
    private const long SynchronousFull = 2;

    [Test]
    public async Task DurableWrite_ReturnsAfterItsOwnFsyncOfTheWal_WhichSqliteDoesNotMake()
    {
        using var directory = new TempDirectory();
        using var database = new SqliteDatabase(Path.Combine(directory.Path, "x.db"), "CREATE TABLE IF NOT EXISTS t(v INTEGER);");

        // The writer commits at NORMAL (SQLite does not fsync); every other opening keeps FULL.
        var writerMode = database.Write(s => s.Scalar("PRAGMA synchronous;"));
        var readMode = database.Write(_ => database.Read(s => s.Scalar("PRAGMA synchronous;"))); // a read during a write is pooled
        var before = database.WalSyncs;
        await database.WriteAsync(s => s.Execute("INSERT INTO t(v) VALUES(1);"), CancellationToken.None);
        var afterChange = database.WalSyncs;
        await database.WriteAsync(s => s.Execute("DELETE FROM t WHERE v = 99;"), CancellationToken.None);
        var afterNoChange = database.WalSyncs;

        Assert.That((writerMode, readMode), Is.EqualTo(((object?)1L, (object?)SynchronousFull)));
        Assert.That((afterChange - before, afterNoChange - afterChange), Is.EqualTo((1L, 0L)), "one fsync for the commit that wrote, none for the one that wrote nothing");
    }

    [Test]
    public async Task ConcurrentDurableWrites_AreEachDurable_WithAtMostOneFsyncEach()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "x.db");
        using var database = new SqliteDatabase(path, "CREATE TABLE IF NOT EXISTS t(v INTEGER);");
        var before = database.WalSyncs;

        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => database.WriteAsync(s => s.Execute("INSERT INTO t(v) VALUES($1);", i), CancellationToken.None))));

        using var other = new SqliteDatabase(path, "SELECT 1;");
        Assert.That(other.Read(s => s.Scalar("SELECT COUNT(*) FROM t;")), Is.EqualTo(16L));
        Assert.That(database.WalSyncs - before, Is.InRange(1L, 16L));
        Assert.That(await database.FlushAsync(CancellationToken.None), Is.False, "nothing left to make durable");
    }

    [Test]
    public async Task DeferredWrite_IsSeenAtOnce_ByAnotherOpeningOfTheFile_WithoutAnFsync()
    {
        using var directory = new TempDirectory();
        var path = Path.Combine(directory.Path, "x.db");
        using var database = new SqliteDatabase(path, "CREATE TABLE IF NOT EXISTS t(v INTEGER);");
        var syncsBefore = database.WalSyncs;

        var mode = await database.WriteDeferredAsync(
            s =>
            {
                s.Execute("INSERT INTO t(v) VALUES(7);");
                return s.Scalar("PRAGMA synchronous;");
            },
            CancellationToken.None);
        // What a process started after this one was killed reads: the commit is in the WAL.
        using var other = new SqliteDatabase(path, "SELECT 1;");

        Assert.That(mode, Is.EqualTo(1L), "NORMAL: SQLite does not fsync it");
        Assert.That(other.Read(s => s.Scalar("SELECT v FROM t;")), Is.EqualTo(7L));
        Assert.That(database.WalSyncs, Is.EqualTo(syncsBefore), "nor does the database until a flush");
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
        var syncsBefore = database.WalSyncs;

        var pending = await database.FlushAsync(CancellationToken.None);
        var again = await database.FlushAsync(CancellationToken.None);

        Assert.That((nothingPending, pending, again), Is.EqualTo((false, true, false)));
        Assert.That(database.WalSyncs - syncsBefore, Is.EqualTo(1L), "one fsync covered both deferred commits");
    }

    [Test]
    public void QueueFile_IsCreatedWithItsPageSize_AndAFileOfAnotherSizeKeepsIt()
    {
        using var directory = new TempDirectory();
        var older = Path.Combine(directory.Path, "older");
        Directory.CreateDirectory(older);

        // The version before made queues.db with 16 KB pages.
        using (new SqliteDatabase(Path.Combine(older, LocalQueueStore.FileName), "CREATE TABLE IF NOT EXISTS t(v INTEGER);", 16 * 1024))
        {
        }

        using (new LocalQueueStore(directory.Path, TimeProvider.System))
        using (new LocalQueueStore(older, TimeProvider.System))
        {
        }

        using var fresh = new SqliteDatabase(Path.Combine(directory.Path, LocalQueueStore.FileName), "SELECT 1;");
        using var reopened = new SqliteDatabase(Path.Combine(older, LocalQueueStore.FileName), "SELECT 1;");
        Assert.That(fresh.Read(s => s.Scalar("PRAGMA page_size;")), Is.EqualTo((long)LocalQueueStore.PageSize));
        Assert.That(reopened.Read(s => s.Scalar("PRAGMA page_size;")), Is.EqualTo(16L * 1024));
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

    [Test]
    public void Read_WhenNoWriteHoldsTheWriter_RunsOnItReadOnly_AndDuringAWriteOnAPooledConnection()
    {
        using var directory = new TempDirectory();
        using var database = new SqliteDatabase(Path.Combine(directory.Path, "x.db"), "CREATE TABLE IF NOT EXISTS t(v INTEGER);");
        database.Write(s => s.Execute("INSERT INTO t(v) VALUES(1);"));

        var idle = database.Read(s => (s.Scalar("PRAGMA query_only;"), s.Scalar("SELECT count(*) FROM t;")));
        var duringWrite = database.Write(s =>
        {
            s.Execute("INSERT INTO t(v) VALUES(2);");
            return database.Read(r => (r.Scalar("PRAGMA query_only;"), r.Scalar("SELECT count(*) FROM t;")));
        });
        var slipped = Assert.Throws<SqliteException>(() => database.Read(s => s.Execute("INSERT INTO t(v) VALUES(3);")));
        database.Write(s => s.Execute("INSERT INTO t(v) VALUES(4);"));

        Assert.That(idle, Is.EqualTo(((object?)1L, (object?)1L)), "on the writer, query_only, seeing the commit");
        Assert.That(duringWrite, Is.EqualTo(((object?)0L, (object?)1L)), "pooled, before the open write's commit");
        Assert.That(slipped!.SqliteErrorCode, Is.EqualTo(8), "SQLITE_READONLY: a write cannot slip in through a read");
        Assert.That(database.Read(s => s.Scalar("SELECT group_concat(v) FROM (SELECT v FROM t ORDER BY v);")), Is.EqualTo("1,2,4"));
    }
}
