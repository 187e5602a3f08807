using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Enrichment.Local.Sqlite;

/// <summary>
/// One SQLite file in WAL mode with a small pool of open connections whose prepared commands are
/// kept, so a call costs a statement step, not a connection open and a parse.
/// <para>
/// synchronous=FULL: a commit fsyncs the WAL before it returns. The worker's steps live in
/// different files (part, control.db, queues.db) and are safe only in that order, each durable
/// before the next starts; under NORMAL alone a power cut could keep a later file's queue delete
/// and lose an earlier commit, and the batch would be gone.
/// </para>
/// <para>
/// The exception is <see cref="WriteDeferredAsync{T}"/>, for the hot path's commits: written to the
/// WAL (a killed process keeps it, as the kernel has it) but fsynced only by the next durable
/// commit of the file or by <see cref="FlushAsync"/>, which the step that depends on it calls first.
/// SQLite's WAL recovers a prefix of its commits, so a power cut loses only the latest deferred
/// ones, never an earlier one while a later one stays.
/// </para>
/// Writes are serialized in-process (SQLite has one writer anyway) so threads queue on a semaphore
/// instead of spinning on SQLITE_BUSY; the busy timeout still covers other processes.
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    private const int MaxPooledSessions = 16;

    private readonly string _connectionString;
    private readonly ConcurrentBag<SqliteSession> _sessions = [];
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private bool _disposed;

    /// <summary>Deferred commits not yet fsynced (changed only under the write lock).</summary>
    private int _deferred;

    public SqliteDatabase(string path, string schema)
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
            command.CommandText = "PRAGMA journal_mode=WAL;";
            command.ExecuteNonQuery();
            command.CommandText = schema;
            command.ExecuteNonQuery();
            command.CommandText = "CREATE TABLE IF NOT EXISTS flushes(id INTEGER PRIMARY KEY, count INTEGER NOT NULL);";
            command.ExecuteNonQuery();
        }
        finally
        {
            Return(session);
        }
    }

    public string FilePath { get; }

    /// <summary>Runs a read on a pooled connection (WAL readers never block the writer).</summary>
    public T Read<T>(Func<SqliteSession, T> work)
    {
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

    /// <summary>Runs <paramref name="work"/> in one short IMMEDIATE transaction; rolls back when it throws.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteSession, T> work, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            return RunTransaction(work);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Like <see cref="WriteAsync{T}"/>, but the commit is not fsynced (synchronous=NORMAL for this
    /// transaction): it survives a killed process at once, a power cut only after the next durable
    /// commit or <see cref="FlushAsync"/>.
    /// </summary>
    public async Task<T> WriteDeferredAsync<T>(Func<SqliteSession, T> work, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            return RunTransaction(work, deferred: true);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Makes every commit so far durable: when deferred commits are pending, one small durable
    /// commit, whose fsync of the WAL covers them all; nothing otherwise. Answers whether it wrote.
    /// </summary>
    public async Task<bool> FlushAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            if (_deferred == 0)
            {
                return false;
            }

            RunTransaction(s => s.Execute("INSERT INTO flushes(id, count) VALUES(1, 1) ON CONFLICT(id) DO UPDATE SET count = count + 1;"), deferred: false);
            _deferred = 0;
            return true;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>The synchronous twin of <see cref="WriteAsync{T}"/> for constructors and tests.</summary>
    public T Write<T>(Func<SqliteSession, T> work)
    {
        _writeLock.Wait();
        try
        {
            return RunTransaction(work);
        }
        finally
        {
            _writeLock.Release();
        }
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

        _writeLock.Dispose();
    }

    private T RunTransaction<T>(Func<SqliteSession, T> work, bool deferred = false)
    {
        var session = Rent();
        try
        {
            if (deferred)
            {
                session.Execute("PRAGMA synchronous=NORMAL;");
            }

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

            // Not cleared by a durable commit: one that changed nothing wrote and fsynced nothing.
            if (deferred)
            {
                _deferred++;
            }

            return result;
        }
        finally
        {
            if (deferred)
            {
                session.Execute("PRAGMA synchronous=FULL;");
            }

            Return(session);
        }
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
        if (_sessions.TryTake(out var session))
        {
            return session;
        }

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
