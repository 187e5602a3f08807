using Enrichment.Core.Jobs;
using Enrichment.Local.ControlTable;
using Enrichment.Local.Sqlite;
using Enrichment.Testing.Jobs;
using Enrichment.Testing.Time;

namespace Enrichment.Local.Tests.ControlTable;

/// <summary>What the local table does beyond the port contract: TTL purge, durability across reopening, old files.</summary>
public sealed class SqliteControlTableTests
{
    private TempDirectory _directory = null!;
    private ManualTimeProvider _time = null!;

    [SetUp]
    public void Create()
    {
        _directory = new TempDirectory();
        _time = new ManualTimeProvider();
    }

    [TearDown]
    public void Remove() => _directory.Dispose();

    private JobRecord Job(string id, TimeSpan retention) =>
        TestJobs.Create(id, JobState.Processing, _time.GetUtcNow()) with { ExpiresAt = _time.GetUtcNow() + retention, TotalRecords = 10 };

    [Test]
    public async Task PurgeExpired_RemovesOnlyExpiredJobsWithTheirItems_AndAnswersTheirIds()
    {
        using var table = new SqliteControlTable(_directory.Path, _time);
        await table.TryCreateJobAsync(Job("old", TimeSpan.FromDays(1)), CancellationToken.None);
        await table.TryCreateJobAsync(Job("new", TimeSpan.FromDays(7)), CancellationToken.None);
        await table.CommitBatchAsync("old", new BatchResult(0, BatchStatus.Done, 10, 10, 0, 0, null), CancellationToken.None);
        await table.ClaimIdempotencyKeyAsync("k-old", "old", _time.GetUtcNow().AddDays(1), CancellationToken.None);

        var purged = await table.PurgeExpiredAsync(_time.GetUtcNow().AddDays(2), CancellationToken.None);

        Assert.That(purged, Is.EqualTo(new[] { "old" }));
        Assert.That(await table.GetJobAsync("old", CancellationToken.None), Is.Null);
        Assert.That((await table.GetProgressAsync("old", CancellationToken.None)).BatchesFinished, Is.Zero);
        Assert.That(await table.GetJobAsync("new", CancellationToken.None), Is.Not.Null);
        Assert.That(await table.ClaimIdempotencyKeyAsync("k-old", "other", _time.GetUtcNow().AddDays(9), CancellationToken.None), Is.EqualTo("other"));
    }

    [Test]
    public async Task ExpiredIdempotencyKey_ByTheInjectedClock_CanBeReclaimed()
    {
        using var table = new SqliteControlTable(_directory.Path, _time);
        await table.ClaimIdempotencyKeyAsync("k", "first", _time.GetUtcNow().AddHours(1), CancellationToken.None);

        Assert.That(await table.ClaimIdempotencyKeyAsync("k", "second", _time.GetUtcNow().AddHours(2), CancellationToken.None), Is.EqualTo("first"));
        _time.Advance(TimeSpan.FromHours(1));
        Assert.That(await table.ClaimIdempotencyKeyAsync("k", "second", _time.GetUtcNow().AddHours(2), CancellationToken.None), Is.EqualTo("second"));
    }

    [Test]
    public async Task Everything_SurvivesReopeningTheFile()
    {
        using (var table = new SqliteControlTable(_directory.Path, _time))
        {
            await table.TryCreateJobAsync(Job("j", TimeSpan.FromDays(1)), CancellationToken.None);
            await table.CommitBatchAsync("j", new BatchResult(0, BatchStatus.Failed, 10, 0, 0, 10, "dead"), CancellationToken.None);
        }

        using var reopened = new SqliteControlTable(_directory.Path, _time);

        Assert.That((await reopened.GetJobAsync("j", CancellationToken.None))!.State, Is.EqualTo(JobState.Processing));
        Assert.That((await reopened.GetProgressAsync("j", CancellationToken.None)).BatchesFailed, Is.EqualTo(1));
        Assert.That(
            await reopened.CommitBatchAsync("j", new BatchResult(0, BatchStatus.Failed, 10, 0, 0, 10, "dead"), CancellationToken.None),
            Is.EqualTo(CommitOutcome.AlreadyCounted));
    }

    [Test]
    public async Task LastCommitAt_IsTheInjectedClock()
    {
        using var table = new SqliteControlTable(_directory.Path, _time);
        await table.TryCreateJobAsync(Job("j", TimeSpan.FromDays(1)), CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(3));

        await table.CommitBatchAsync("j", new BatchResult(0, BatchStatus.Done, 1, 1, 0, 0, null), CancellationToken.None);

        Assert.That((await table.GetProgressAsync("j", CancellationToken.None)).LastCommitAt, Is.EqualTo(_time.GetUtcNow()));
    }

    [Test]
    public async Task FileFromBeforeAttempts_OpensAndItsBatchesCountAsAttemptZero()
    {
        // The schema of the version before batch attempts and named counters, with one done batch.
        using (var old = new SqliteDatabase(Path.Combine(_directory.Path, SqliteControlTable.FileName), """
            CREATE TABLE batches(job_id TEXT NOT NULL, batch_index INTEGER NOT NULL, status TEXT NOT NULL,
                records INTEGER NOT NULL, ok INTEGER NOT NULL, invalid INTEGER NOT NULL, error INTEGER NOT NULL,
                reason TEXT, updated_at INTEGER NOT NULL, PRIMARY KEY(job_id, batch_index)) WITHOUT ROWID;
            CREATE TABLE counters(job_id TEXT PRIMARY KEY, done INTEGER NOT NULL, failed INTEGER NOT NULL,
                ok INTEGER NOT NULL, invalid INTEGER NOT NULL, error INTEGER NOT NULL, last_commit_at INTEGER) WITHOUT ROWID;
            INSERT INTO batches VALUES('j', 0, 'done', 10, 6, 0, 4, NULL, 0);
            INSERT INTO counters VALUES('j', 1, 0, 6, 0, 4, 0);
            """))
        {
        }

        using var table = new SqliteControlTable(_directory.Path, _time);
        await table.TryCreateJobAsync(Job("j", TimeSpan.FromDays(1)), CancellationToken.None);

        Assert.That(await table.GetBatchAsync("j", 0, CancellationToken.None), Is.EqualTo(
            new BatchEntry(0, BatchStatus.Done, 10, null, DateTimeOffset.FromUnixTimeMilliseconds(0), 6, 0, 4, 0)));
        Assert.That(
            await table.CommitBatchAsync("j", new BatchResult(0, BatchStatus.Done, 10, 6, 0, 4, null), CancellationToken.None),
            Is.EqualTo(CommitOutcome.AlreadyCounted));
        var revision = new BatchResult(0, BatchStatus.Done, 10, 9, 0, 1, null, 1, new Dictionary<string, long> { ["provider:p:calls"] = 2 });
        Assert.That(await table.CommitBatchAsync("j", revision, CancellationToken.None), Is.EqualTo(CommitOutcome.Counted));
        var progress = await table.GetProgressAsync("j", CancellationToken.None);
        Assert.That((progress.BatchesDone, progress.RecordsOk, progress.RecordsError, progress.Counter("provider:p:calls")), Is.EqualTo((1, 9L, 1L, 2L)));
    }

    [Test]
    public async Task OpeningTheSameFileAgain_DoesNotMigrateTwice()
    {
        using var first = new SqliteControlTable(_directory.Path, _time);
        await first.TryCreateJobAsync(Job("j", TimeSpan.FromDays(1)), CancellationToken.None);
        await first.CommitBatchAsync("j", new BatchResult(0, BatchStatus.Done, 1, 1, 0, 0, null, 3), CancellationToken.None);

        using var second = new SqliteControlTable(_directory.Path, _time);

        Assert.That((await second.GetBatchAsync("j", 0, CancellationToken.None))!.Attempt, Is.EqualTo(3));
    }
}
