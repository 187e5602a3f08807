using System.Runtime.CompilerServices;
using System.Text.Json;
using Enrichment.Core.Jobs;
using Enrichment.Core.Ports;
using Enrichment.Core.Serialization;
using Enrichment.Local.Sqlite;

namespace Enrichment.Local.ControlTable;

/// <summary>
/// The control table in one SQLite file: the job item as JSON, one row per finished batch, one
/// counter row per job (a single writer needs no shards) and idempotency keys. Every commit is one
/// transaction, which is what makes a batch count exactly once under redelivery.
/// </summary>
public sealed class SqliteControlTable : IControlTable, IDisposable
{
    public const string FileName = "control.db";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS jobs(
            job_id TEXT PRIMARY KEY,
            state TEXT NOT NULL,
            expires_at INTEGER NOT NULL,
            body TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS jobs_expires ON jobs(expires_at);
        CREATE TABLE IF NOT EXISTS batches(
            job_id TEXT NOT NULL,
            batch_index INTEGER NOT NULL,
            status TEXT NOT NULL,
            records INTEGER NOT NULL,
            ok INTEGER NOT NULL,
            invalid INTEGER NOT NULL,
            error INTEGER NOT NULL,
            reason TEXT,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY(job_id, batch_index)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS counters(
            job_id TEXT PRIMARY KEY,
            done INTEGER NOT NULL,
            failed INTEGER NOT NULL,
            ok INTEGER NOT NULL,
            invalid INTEGER NOT NULL,
            error INTEGER NOT NULL,
            last_commit_at INTEGER) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS idempotency(
            key TEXT PRIMARY KEY,
            job_id TEXT NOT NULL,
            expires_at INTEGER NOT NULL) WITHOUT ROWID;
        """;

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;
    private readonly int _pageSize;

    /// <param name="dataDirectory">The local data directory; the table lives in <see cref="FileName"/> there.</param>
    /// <param name="pageSize">Batches read per page by <see cref="ListBatchesAsync"/>.</param>
    public SqliteControlTable(string dataDirectory, TimeProvider time, int pageSize = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        _database = new SqliteDatabase(Path.Combine(dataDirectory, FileName), Schema);
        _time = time;
        _pageSize = pageSize;
    }

    public Task<bool> TryCreateJobAsync(JobRecord job, CancellationToken cancellationToken) =>
        _database.WriteAsync(
            s => s.Execute(
                "INSERT INTO jobs(job_id, state, expires_at, body) VALUES($1, $2, $3, $4) ON CONFLICT(job_id) DO NOTHING;",
                job.JobId, job.State.ToWire(), job.ExpiresAt.ToUnixTimeSeconds(), Serialize(job)) == 1,
            cancellationToken);

    public Task<JobRecord?> GetJobAsync(string jobId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var body = _database.Read(s => s.Scalar("SELECT body FROM jobs WHERE job_id = $1;", jobId) as string);
        return Task.FromResult(body is null ? null : JsonSerializer.Deserialize(body, EnrichmentJsonContext.Default.JobRecord));
    }

    public Task<bool> TryUpdateJobAsync(JobRecord job, JobState expected, CancellationToken cancellationToken) =>
        _database.WriteAsync(
            s => s.Execute(
                "UPDATE jobs SET state = $2, expires_at = $3, body = $4 WHERE job_id = $1 AND state = $5;",
                job.JobId, job.State.ToWire(), job.ExpiresAt.ToUnixTimeSeconds(), Serialize(job), expected.ToWire()) == 1,
            cancellationToken);

    public Task DeleteJobAsync(string jobId, CancellationToken cancellationToken) =>
        _database.WriteAsync(s => DeleteJob(s, jobId), cancellationToken);

    public Task<CommitOutcome> CommitBatchAsync(string jobId, BatchResult result, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var status = StatusName(result.Status);
        return _database.WriteAsync(
            s =>
            {
                var previous = s.Query(
                    "SELECT status, ok, invalid, error FROM batches WHERE job_id = $1 AND batch_index = $2;",
                    r => (Status: r.GetString(0), Ok: r.GetInt64(1), Invalid: r.GetInt64(2), Error: r.GetInt64(3)),
                    jobId, result.BatchIndex);

                long done = 0, failed = 0, ok = result.Ok, invalid = result.Invalid, error = result.Error;
                if (previous.Count == 0)
                {
                    (done, failed) = result.Status == BatchStatus.Done ? (1L, 0L) : (0L, 1L);
                }
                else if (previous[0].Status == "failed" && result.Status == BatchStatus.Done)
                {
                    // A retry that succeeded takes back what the failed attempt counted.
                    (done, failed) = (1, -1);
                    ok -= previous[0].Ok;
                    invalid -= previous[0].Invalid;
                    error -= previous[0].Error;
                }
                else
                {
                    return CommitOutcome.AlreadyCounted;
                }

                s.Execute(
                    """
                    INSERT INTO batches(job_id, batch_index, status, records, ok, invalid, error, reason, updated_at)
                    VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9)
                    ON CONFLICT(job_id, batch_index) DO UPDATE SET status = excluded.status, records = excluded.records,
                        ok = excluded.ok, invalid = excluded.invalid, error = excluded.error, reason = excluded.reason,
                        updated_at = excluded.updated_at;
                    """,
                    jobId, result.BatchIndex, status, result.Records, result.Ok, result.Invalid, result.Error, result.Reason, now);
                s.Execute(
                    """
                    INSERT INTO counters(job_id, done, failed, ok, invalid, error, last_commit_at) VALUES($1, $2, $3, $4, $5, $6, $7)
                    ON CONFLICT(job_id) DO UPDATE SET done = done + excluded.done, failed = failed + excluded.failed,
                        ok = ok + excluded.ok, invalid = invalid + excluded.invalid, error = error + excluded.error,
                        last_commit_at = excluded.last_commit_at;
                    """,
                    jobId, done, failed, ok, invalid, error, now);
                return CommitOutcome.Counted;
            },
            cancellationToken);
    }

    // Being written on the "table" branch (GetBatchAsync and the attempt-aware commit rules).
    public Task<BatchEntry?> GetBatchAsync(string jobId, int batchIndex, CancellationToken cancellationToken) =>
        throw new NotSupportedException("not yet");

    public Task<JobProgress> GetProgressAsync(string jobId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var rows = _database.Read(s => s.Query(
            "SELECT done, failed, ok, invalid, error, last_commit_at FROM counters WHERE job_id = $1;",
            r => new JobProgress(
                r.GetInt32(0),
                r.GetInt32(1),
                r.GetInt64(2),
                r.GetInt64(3),
                r.GetInt64(4),
                r.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5))),
            jobId));
        return Task.FromResult(rows.Count == 0 ? JobProgress.Empty : rows[0]);
    }

    public async IAsyncEnumerable<BatchEntry> ListBatchesAsync(string jobId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = -1;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = _database.Read(s => s.Query(
                "SELECT batch_index, status, records, reason, updated_at FROM batches WHERE job_id = $1 AND batch_index > $2 ORDER BY batch_index LIMIT $3;",
                r => new BatchEntry(
                    r.GetInt32(0),
                    r.GetString(1) == "done" ? BatchStatus.Done : BatchStatus.Failed,
                    r.GetInt32(2),
                    r.IsDBNull(3) ? null : r.GetString(3),
                    DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4))),
                jobId, after, _pageSize));
            foreach (var entry in page)
            {
                yield return entry;
            }

            if (page.Count < _pageSize)
            {
                yield break;
            }

            after = page[^1].BatchIndex;
            await Task.Yield();
        }
    }

    public Task<string> ClaimIdempotencyKeyAsync(string key, string jobId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        return _database.WriteAsync(
            s =>
            {
                var holder = s.Query(
                    "SELECT job_id, expires_at FROM idempotency WHERE key = $1;",
                    r => (JobId: r.GetString(0), ExpiresAt: r.GetInt64(1)),
                    key);
                if (holder.Count == 1 && holder[0].ExpiresAt > now)
                {
                    return holder[0].JobId;
                }

                s.Execute(
                    "INSERT INTO idempotency(key, job_id, expires_at) VALUES($1, $2, $3) ON CONFLICT(key) DO UPDATE SET job_id = excluded.job_id, expires_at = excluded.expires_at;",
                    key, jobId, expiresAt.ToUnixTimeSeconds());
                return jobId;
            },
            cancellationToken);
    }

    public Task ReleaseIdempotencyKeyAsync(string key, string jobId, CancellationToken cancellationToken) =>
        _database.WriteAsync(s => s.Execute("DELETE FROM idempotency WHERE key = $1 AND job_id = $2;", key, jobId), cancellationToken);

    /// <summary>
    /// The local stand-in for DynamoDB's TTL: deletes jobs (with their batches and counters) and
    /// idempotency keys whose expiry has passed. Answers the purged job ids so the host can delete
    /// their objects too.
    /// </summary>
    public Task<IReadOnlyList<string>> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cutoff = now.ToUnixTimeSeconds();
        return _database.WriteAsync<IReadOnlyList<string>>(
            s =>
            {
                var expired = s.Query("SELECT job_id FROM jobs WHERE expires_at <= $1;", r => r.GetString(0), cutoff);
                foreach (var jobId in expired)
                {
                    DeleteJob(s, jobId);
                }

                s.Execute("DELETE FROM idempotency WHERE expires_at <= $1;", cutoff);
                return expired;
            },
            cancellationToken);
    }

    public void Dispose() => _database.Dispose();

    private static int DeleteJob(SqliteSession session, string jobId)
    {
        var deleted = session.Execute("DELETE FROM jobs WHERE job_id = $1;", jobId);
        session.Execute("DELETE FROM batches WHERE job_id = $1;", jobId);
        session.Execute("DELETE FROM counters WHERE job_id = $1;", jobId);
        session.Execute("DELETE FROM idempotency WHERE job_id = $1;", jobId);
        return deleted;
    }

    private static string StatusName(BatchStatus status) => status == BatchStatus.Done ? "done" : "failed";

    private static string Serialize(JobRecord job) => JsonSerializer.Serialize(job, EnrichmentJsonContext.Default.JobRecord);
}
