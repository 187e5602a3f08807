using Enrichment.Core.Jobs;
using Enrichment.Local.ControlTable;
using Enrichment.Testing.Time;

namespace Enrichment.Local.Tests.ControlTable;

/// <summary>What the local table does beyond the port contract: TTL purge and durability across reopening.</summary>
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

    private JobRecord Job(string id, TimeSpan retention) => new()
    {
        JobId = id,
        State = JobState.Processing,
        CreatedAt = _time.GetUtcNow(),
        UpdatedAt = _time.GetUtcNow(),
        ExpiresAt = _time.GetUtcNow() + retention,
        InputFormat = "csv",
        OutputFormat = "csv",
        Columns = ["email"],
        Providers = ["normalize"],
        TotalRecords = 10,
        TotalBatches = 1,
    };

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
        _time.Advance(TimeSpan.FromMinutes(3));

        await table.CommitBatchAsync("j", new BatchResult(0, BatchStatus.Done, 1, 1, 0, 0, null), CancellationToken.None);

        Assert.That((await table.GetProgressAsync("j", CancellationToken.None)).LastCommitAt, Is.EqualTo(_time.GetUtcNow()));
    }
}
