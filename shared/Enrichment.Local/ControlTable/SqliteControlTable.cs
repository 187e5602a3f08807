using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Enrichment.Local.ControlTable;

/// <summary>
/// The control table in one SQLite file: the job item as JSON, one row per finished batch, one
/// counter row per job (a single writer needs no shards), one row per named job counter and
/// idempotency keys. Every commit is one transaction, which is what makes a batch count exactly once
/// per attempt under redelivery.
/// <para>
/// Files written by earlier versions open as they are: new tables are created if missing and
/// missing columns are added (see <see cref="Migrate"/>); no existing row is rewritten.
/// </para>
/// </summary>
public sealed class SqliteControlTable : IControlTable, IDisposable
{
    public const string FileName = "control.db";

    private const string BatchColumns = "batch_index, status, records, reason, updated_at, ok, invalid, error, attempt, part_id";

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;
    private readonly int _pageSize;

    /// <param name="dataDirectory">The local data directory; the table lives in <see cref="FileName"/> there.</param>
    /// <param name="pageSize">Batches read per page by <see cref="ListBatchesAsync"/>.</param>
    public SqliteControlTable(string dataDirectory, TimeProvider time, int pageSize = 1000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        _database = new SqliteDatabase(Path.Combine(dataDirectory, FileName), SqliteSchema.Read("control.sql"));
        _database.Write(Migrate);
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
        ArgumentNullException.ThrowIfNull(result);
        var now = _time.GetUtcNow();

        // One write transaction reads the job and the batch and applies the rule's decision, so no
        // other commit or job update can come between the read and the write. Deferred (not fsynced
        // here): the queue's delete, the one step that must not outlive it on a power cut, comes
        // after FlushAsync, once per round of up to ten batches.
        return _database.WriteDeferredAsync(
            s =>
            {
                var body = s.Scalar("SELECT body FROM jobs WHERE job_id = $1;", jobId) as string;
                var job = body is null ? null : JsonSerializer.Deserialize(body, EnrichmentJsonContext.Default.JobRecord);
                var stored = s.Query($"SELECT {BatchColumns} FROM batches WHERE job_id = $1 AND batch_index = $2;", ReadBatch, jobId, result.BatchIndex);
                var decision = BatchCommitRule.Decide(job, stored.Count == 0 ? null : stored[0], result, now);
                if (decision is not { Entry: { } entry, Deltas: { } deltas })
                {
                    return decision.Outcome;
                }

                var at = entry.UpdatedAt.ToUnixTimeMilliseconds();
                s.Execute(
                    """
                    INSERT INTO batches(job_id, batch_index, status, records, ok, invalid, error, reason, updated_at, attempt, part_id)
                    VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                    ON CONFLICT(job_id, batch_index) DO UPDATE SET status = excluded.status, records = excluded.records,
                        ok = excluded.ok, invalid = excluded.invalid, error = excluded.error, reason = excluded.reason,
                        updated_at = excluded.updated_at, attempt = excluded.attempt, part_id = excluded.part_id;
                    """,
                    jobId, entry.BatchIndex, StatusName(entry.Status), entry.Records, entry.Ok, entry.Invalid, entry.Error, entry.Reason, at, entry.Attempt, entry.PartId);
                s.Execute(
                    """
                    INSERT INTO counters(job_id, done, failed, ok, invalid, error, last_commit_at) VALUES($1, $2, $3, $4, $5, $6, $7)
                    ON CONFLICT(job_id) DO UPDATE SET done = done + excluded.done, failed = failed + excluded.failed,
                        ok = ok + excluded.ok, invalid = invalid + excluded.invalid, error = error + excluded.error,
                        last_commit_at = excluded.last_commit_at;
                    """,
                    jobId, deltas.BatchesDone, deltas.BatchesFailed, deltas.RecordsOk, deltas.RecordsInvalid, deltas.RecordsError, at);
                foreach (var (name, value) in deltas.Counters)
                {
                    s.Execute(
                        """
                        INSERT INTO job_counters(job_id, name, value) VALUES($1, $2, $3)
                        ON CONFLICT(job_id, name) DO UPDATE SET value = value + excluded.value;
                        """,
                        jobId, name, value);
                }

                return decision.Outcome;
            },
            cancellationToken);
    }

    /// <summary>Makes every batch commit so far durable (one fsync for all of them; nothing when none is pending).</summary>
    public Task FlushAsync(CancellationToken cancellationToken) => _database.FlushAsync(cancellationToken);

    public Task<BatchEntry?> GetBatchAsync(string jobId, int batchIndex, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var rows = _database.Read(s => s.Query(
            $"SELECT {BatchColumns} FROM batches WHERE job_id = $1 AND batch_index = $2;",
            ReadBatch,
            jobId, batchIndex));
        return Task.FromResult(rows.Count == 0 ? null : rows[0]);
    }

    public Task<JobProgress> GetProgressAsync(string jobId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (rows, named) = _database.Read(s => (s.Query(
            "SELECT done, failed, ok, invalid, error, last_commit_at FROM counters WHERE job_id = $1;",
            r => new JobProgress(
                r.GetInt32(0),
                r.GetInt32(1),
                r.GetInt64(2),
                r.GetInt64(3),
                r.GetInt64(4),
                r.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5))),
            jobId),
            s.Query("SELECT name, value FROM job_counters WHERE job_id = $1;", r => KeyValuePair.Create(r.GetString(0), r.GetInt64(1)), jobId)));
        if (rows.Count == 0)
        {
            return Task.FromResult(JobProgress.Empty);
        }

        var counters = named.Count == 0 ? null : new Dictionary<string, long>(named, StringComparer.Ordinal);
        return Task.FromResult(rows[0] with { Counters = counters });
    }

    public async IAsyncEnumerable<BatchEntry> ListBatchesAsync(string jobId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = -1;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = _database.Read(s => s.Query(
                $"SELECT {BatchColumns} FROM batches WHERE job_id = $1 AND batch_index > $2 ORDER BY batch_index LIMIT $3;",
                ReadBatch,
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

    /// <summary>The job's body is read and written back in one write transaction: no other writer comes between.</summary>
    public Task<bool> RecordWebhookAsync(string jobId, WebhookDelivery delivery, CancellationToken cancellationToken) =>
        _database.WriteAsync(
            s =>
            {
                var body = s.Scalar("SELECT body FROM jobs WHERE job_id = $1;", jobId) as string;
                if (body is null)
                {
                    return false;
                }

                var job = JsonSerializer.Deserialize(body, EnrichmentJsonContext.Default.JobRecord)! with { WebhookDelivery = delivery };
                return s.Execute("UPDATE jobs SET body = $2 WHERE job_id = $1;", jobId, Serialize(job)) == 1;
            },
            cancellationToken);

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

    /// <summary>The jobs in a state, for the host's recovery at start (it resumes what a kill cut short).</summary>
    public IReadOnlyList<JobRecord> ListJobsInState(JobState state) =>
        _database.Read(s => s.Query("SELECT body FROM jobs WHERE state = $1;", r => JsonSerializer.Deserialize(r.GetString(0), EnrichmentJsonContext.Default.JobRecord)!, state.ToWire()));

    public void Dispose() => _database.Dispose();

    private static int DeleteJob(SqliteSession session, string jobId)
    {
        var deleted = session.Execute("DELETE FROM jobs WHERE job_id = $1;", jobId);
        session.Execute("DELETE FROM batches WHERE job_id = $1;", jobId);
        session.Execute("DELETE FROM counters WHERE job_id = $1;", jobId);
        session.Execute("DELETE FROM job_counters WHERE job_id = $1;", jobId);
        session.Execute("DELETE FROM idempotency WHERE job_id = $1;", jobId);
        return deleted;
    }

    /// <summary>
    /// Brings a file from an earlier version up to control.sql: CREATE TABLE IF NOT EXISTS
    /// cannot add a column to an existing table. Runs in a write transaction, so two processes opening
    /// the same old file do not both add it.
    /// </summary>
    private static int Migrate(SqliteSession session)
    {
        var columns = session.Query("SELECT name FROM pragma_table_info('batches');", r => r.GetString(0));
        var added = 0;
        if (!columns.Contains("attempt"))
        {
            added += session.Execute("ALTER TABLE batches ADD COLUMN attempt INTEGER NOT NULL DEFAULT 0;");
        }

        if (!columns.Contains("part_id"))
        {
            added += session.Execute("ALTER TABLE batches ADD COLUMN part_id TEXT;");
        }

        return added;
    }

    private static BatchEntry ReadBatch(SqliteDataReader r) => new(
        r.GetInt32(0),
        r.GetString(1) == "done" ? BatchStatus.Done : BatchStatus.Failed,
        r.GetInt32(2),
        r.IsDBNull(3) ? null : r.GetString(3),
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)),
        r.GetInt32(5),
        r.GetInt32(6),
        r.GetInt32(7),
        r.GetInt32(8),
        r.IsDBNull(9) ? null : r.GetString(9));

    private static string StatusName(BatchStatus status) => status == BatchStatus.Done ? "done" : "failed";

    private static string Serialize(JobRecord job) => JsonSerializer.Serialize(job, EnrichmentJsonContext.Default.JobRecord);
}
