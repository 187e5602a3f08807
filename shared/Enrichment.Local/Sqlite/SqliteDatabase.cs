using System.Collections.Concurrent;
using Enrichment.Local.Durability;
using Microsoft.Data.Sqlite;
using Microsoft.Win32.SafeHandles;
using SQLitePCL;

namespace Enrichment.Local.Sqlite;

/// <summary>
/// One SQLite file in WAL mode with a small pool of open connections whose prepared commands are
/// kept, so a call costs a statement step, not a connection open and a parse.
/// <para>
/// Durability: SQLite commits without fsync (synchronous=NORMAL on the one writer connection, which
/// keeps WAL commits atomic and in order) and this class fsyncs the WAL file itself, outside the
/// write lock, by group commit (<see cref="GroupCommit"/>): a durable write returns only once an
/// fsync of the WAL that started after its commit returned, and one fsync covers every commit made
/// before it, so the other writers keep committing meanwhile instead of queueing behind an fsync.
/// The worker's steps live in different files (part, control.db, queues.db) and are safe only in
/// that order, each durable before the next starts.
/// </para>
/// <para>
/// <see cref="WriteDeferredAsync{T}"/>, for the hot path's commits, returns without waiting for an
/// fsync: the commit is in the WAL (a killed process keeps it, as the kernel has it) and becomes
/// durable with the next fsync of the WAL, which <see cref="FlushAsync"/> makes and the step that
/// depends on it awaits first. SQLite's WAL recovers a prefix of its commits, so a power cut loses
/// only the latest deferred ones, never an earlier one while a later one stays. A checkpoint
/// (SQLite's, at NORMAL) fsyncs the WAL before it copies it and the database after.
/// </para>
/// <para>
/// The WAL's fsync goes through a handle this class keeps open on the -wal file: SQLite deletes that
/// file only when the last connection to the database closes, and one connection (the pooled or the
/// writer) stays open for this object's life, so the handle is always on the file SQLite writes. No
/// fcntl lock is taken on the -wal file, so closing the handle drops none of SQLite's.
/// </para>
/// Writes are serialized in-process (SQLite has one writer anyway) so threads queue on a semaphore
/// instead of spinning on SQLITE_BUSY; the busy timeout still covers other processes. They all go
/// through one connection: in WAL mode a connection drops its page cache whenever another one has
/// written since, so writes taking turns on pooled connections read their pages again each time.
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    private const int MaxPooledSessions = 16;

    private readonly string _connectionString;
    private readonly ConcurrentBag<SqliteSession> _sessions = [];
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SafeFileHandle _walHandle;
    private readonly GroupCommit _wal;
    private bool _disposed;

    /// <summary>The one connection writes use (under the write lock), created with the first.</summary>
    private SqliteSession? _writer;

    /// <param name="pageSize">The page size of a file created now (SQLite keeps an existing file's); null for SQLite's 4,096.</param>
    public SqliteDatabase(string path, string schema, int? pageSize = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        FilePath = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Pooling = false,
            DefaultTimeout = 30,
            Mode = SqliteOpenMode.ReadWriteCreate,
        }.ToString();

        var session = Rent();
        try
        {
            using var command = session.Connection.CreateCommand();
            if (pageSize is { } size)
            {
                // Only takes on a file with no pages yet, before it is put in WAL mode.
                command.CommandText = "PRAGMA page_size=" + size.ToString(CultureInfo.InvariantCulture) + ";";
                command.ExecuteNonQuery();
            }

            command.CommandText = "PRAGMA journal_mode=WAL;";
            command.ExecuteNonQuery();
            command.CommandText = schema;
            command.ExecuteNonQuery();

            // Opened while a connection is open, so SQLite cannot delete the file before (see above).
            _walHandle = File.OpenHandle(path + "-wal", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            _wal = new GroupCommit(() => RandomAccess.FlushToDisk(_walHandle));
        }
        finally
        {
            Return(session);
        }
    }

    public string FilePath { get; }

    /// <summary>
    /// Runs a read on the writer's connection when no write holds it, else on a pooled one (WAL
    /// readers never block the writer). Why the writer first (issue 13): in WAL mode a connection
    /// drops its page cache whenever another one has written since, so a pooled read after each batch
    /// commit read its pages again: the worker's per-batch job read alone made about 17,000 pread64
    /// calls (70 MB) on control.db in a 1,000,000-row `enrich`. The writer's cache stays warm across
    /// its own commits. On the writer the read runs with query_only set, so a write slipped into a
    /// read fails instead of committing at the writer's NORMAL, outside the group commit.
    /// </summary>
    public T Read<T>(Func<SqliteSession, T> work)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_writeLock.Wait(0))
        {
            try
            {
                if (_writer is { } writer)
                {
                    return ReadOnWriter(writer, work);
                }
            }
            finally
            {
                _writeLock.Release();
            }
        }

        var session = Rent();
        try
        {
            return work(session);
        }
        finally
        {
            Return(session);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one short IMMEDIATE transaction (rolled back when it throws)
    /// and returns once the commit is durable: the WAL's fsync is awaited outside the write lock and
    /// shared with the commits of other writers made meanwhile.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<SqliteSession, T> work, CancellationToken cancellationToken)
    {
        long? ticket;
        T result;
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            (result, ticket) = RunTransaction(work);
        }
        finally
        {
            _writeLock.Release();
        }

        if (ticket is { } written)
        {
            await _wal.WaitDurableAsync(written);
        }

        return result;
    }

    /// <summary>
    /// Like <see cref="WriteAsync{T}"/>, but returns without waiting for an fsync: the commit
    /// survives a killed process at once, a power cut only after the next fsync of the WAL (a later
    /// durable write's, or <see cref="FlushAsync"/>).
    /// </summary>
    public async Task<T> WriteDeferredAsync<T>(Func<SqliteSession, T> work, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            return RunTransaction(work).Result;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Makes every commit returned so far durable: when some is not yet covered by an fsync of the
    /// WAL, one fsync (shared with any other writer's at that moment); nothing otherwise. Takes no
    /// lock, so commits go on meanwhile. Answers whether it had anything to make durable.
    /// </summary>
    public async Task<bool> FlushAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_wal.Pending)
        {
            return false;
        }

        await _wal.WaitDurableAsync(_wal.Last);
        return true;
    }

    /// <summary>
    /// Fsyncs the WAL now, even when this object has committed nothing: the file may hold commits an
    /// earlier process made and never fsynced (deferred ones, then killed), which a step that must
    /// not outlive them (deleting what they made unreachable) needs durable first.
    /// </summary>
    public Task SyncAsync() => _wal.WaitDurableAsync(_wal.Written());

    /// <summary>Fsyncs of the WAL made so far (each covers every commit before it).</summary>
    public long WalSyncs => _wal.Syncs;

    /// <summary>The synchronous twin of <see cref="WriteAsync{T}"/> for constructors and tests.</summary>
    public T Write<T>(Func<SqliteSession, T> work)
    {
        long? ticket;
        T result;
        _writeLock.Wait();
        try
        {
            (result, ticket) = RunTransaction(work);
        }
        finally
        {
            _writeLock.Release();
        }

        if (ticket is { } written)
        {
            _wal.WaitDurableAsync(written).GetAwaiter().GetResult();
        }

        return result;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        while (_sessions.TryTake(out var session))
        {
            session.Dispose();
        }

        _writer?.Dispose();
        _walHandle.Dispose();
        _writeLock.Dispose();
    }

    /// <summary>
    /// Runs one transaction on the writer (under the write lock); answers its result and, when it
    /// changed a row, its group-commit ticket (a commit that changed nothing wrote nothing to the WAL).
    /// </summary>
    private (T Result, long? Ticket) RunTransaction<T>(Func<SqliteSession, T> work)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var session = _writer ??= OpenWriter();
        var changesBefore = raw.sqlite3_total_changes(session.Connection.Handle);
        session.Execute("BEGIN IMMEDIATE;");
        T result;
        try
        {
            result = work(session);
            session.Execute("COMMIT;");
        }
        catch
        {
            TryRollback(session);
            throw;
        }

        // Taken after COMMIT returned: its frames are in the WAL before any fsync that covers the ticket.
        return (result, raw.sqlite3_total_changes(session.Connection.Handle) == changesBefore ? null : _wal.Written());
    }

    /// <summary>Runs a read on the writer (under the write lock) with query_only set for its length.</summary>
    private static T ReadOnWriter<T>(SqliteSession writer, Func<SqliteSession, T> work)
    {
        writer.Execute("PRAGMA query_only=1;");
        try
        {
            return work(writer);
        }
        finally
        {
            writer.Execute("PRAGMA query_only=0;");
        }
    }

    /// <summary>The writer commits at NORMAL: its fsyncs are this class's group commit.</summary>
    private SqliteSession OpenWriter()
    {
        var session = Open();
        session.Execute("PRAGMA synchronous=NORMAL;");
        return session;
    }

    private static void TryRollback(SqliteSession session)
    {
        try
        {
            session.Execute("ROLLBACK;");
        }
        catch (SqliteException)
        {
            // SQLite already rolled back (e.g. after SQLITE_FULL); nothing left to undo.
        }
    }

    private SqliteSession Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _sessions.TryTake(out var session) ? session : Open();
    }

    private SqliteSession Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=OFF;";
            pragma.ExecuteNonQuery();
        }

        return new SqliteSession(connection);
    }

    private void Return(SqliteSession session)
    {
        if (_disposed || _sessions.Count >= MaxPooledSessions)
        {
            session.Dispose();
            return;
        }

        _sessions.Add(session);
    }
}
