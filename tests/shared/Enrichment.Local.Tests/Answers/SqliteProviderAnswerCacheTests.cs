using Enrichment.Core.Jobs;
using Enrichment.Local.Answers;
using Enrichment.Local.ControlTable;
using Enrichment.Testing.Jobs;
using Enrichment.Testing.Time;
using Microsoft.Data.Sqlite;

namespace Enrichment.Local.Tests.Answers;

[TestFixture]
public sealed class SqliteProviderAnswerCacheTests
{
    private const string Provider = "person-api";
    private static readonly string KeyA = new('a', 64);
    private static readonly string KeyB = new('b', 64);

    private TempDirectory _directory = null!;
    private ManualTimeProvider _clock = null!;

    [SetUp]
    public void CreateDirectory()
    {
        _directory = new TempDirectory();
        _clock = new ManualTimeProvider();
    }

    [TearDown]
    public void RemoveDirectory() => _directory.Dispose();

    [Test]
    public async Task Answers_live_in_the_control_table_file_and_survive_a_reopen()
    {
        using (var cache = new SqliteProviderAnswerCache(_directory.Path, _clock))
        {
            await cache.PutManyAsync("job-1", Provider, new Dictionary<string, string> { [KeyA] = "answer" }, _clock.GetUtcNow().AddDays(7), CancellationToken.None);
        }

        using var reopened = new SqliteProviderAnswerCache(_directory.Path, _clock);
        var found = await reopened.GetManyAsync("job-1", Provider, [KeyA], CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(found[KeyA], Is.EqualTo("answer"));
            Assert.That(Path.Combine(_directory.Path, SqliteControlTable.FileName), Does.Exist);
            Assert.That(RawRows(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task The_control_table_and_the_cache_write_the_same_file_concurrently()
    {
        using var table = new SqliteControlTable(_directory.Path, _clock);
        using var cache = new SqliteProviderAnswerCache(_directory.Path, _clock);
        var jobId = "job-" + Guid.NewGuid().ToString("N");
        await table.TryCreateJobAsync(Job(jobId), CancellationToken.None);

        var commits = Enumerable.Range(0, 40).Select(i => table.CommitBatchAsync(jobId, new BatchResult(i, BatchStatus.Done, 10, 10, 0, 0, null), CancellationToken.None));
        var puts = Enumerable.Range(0, 40).Select(i => cache.PutManyAsync(jobId, Provider, new Dictionary<string, string> { [i.ToString("D64")] = "answer" + i }, _clock.GetUtcNow().AddDays(7), CancellationToken.None));
        await Task.WhenAll([.. commits, .. puts]).WaitAsync(TimeSpan.FromSeconds(60));

        var progress = await table.GetProgressAsync(jobId, CancellationToken.None);
        var found = await cache.GetManyAsync(jobId, Provider, [.. Enumerable.Range(0, 40).Select(i => i.ToString("D64"))], CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(progress.BatchesDone, Is.EqualTo(40));
            Assert.That(found, Has.Count.EqualTo(40));
        });
    }

    [Test]
    public async Task Purge_deletes_expired_rows_only()
    {
        using var cache = new SqliteProviderAnswerCache(_directory.Path, _clock);
        await cache.PutManyAsync("short", Provider, new Dictionary<string, string> { [KeyA] = "a", [KeyB] = "b" }, _clock.GetUtcNow().AddHours(1), CancellationToken.None);
        await cache.PutManyAsync("long", Provider, new Dictionary<string, string> { [KeyA] = "a" }, _clock.GetUtcNow().AddDays(7), CancellationToken.None);
        _clock.Advance(TimeSpan.FromHours(1));

        var purged = await cache.PurgeExpiredAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(purged, Is.EqualTo(2));
            Assert.That(RawRows(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_put_purges_expired_rows_at_most_once_per_interval()
    {
        using var cache = new SqliteProviderAnswerCache(_directory.Path, _clock);
        // The first put purges (nothing yet) and schedules the next purge an interval later.
        await cache.PutManyAsync("short", Provider, new Dictionary<string, string> { [KeyA] = "a" }, _clock.GetUtcNow().AddMinutes(1), CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(2));
        await cache.PutManyAsync("other", Provider, new Dictionary<string, string> { [KeyB] = "b" }, _clock.GetUtcNow().AddDays(1), CancellationToken.None);
        var beforeInterval = RawRows();

        _clock.Advance(SqliteProviderAnswerCache.PurgeInterval);
        await cache.PutManyAsync("other", Provider, new Dictionary<string, string>(), _clock.GetUtcNow().AddDays(1), CancellationToken.None);
        var afterInterval = RawRows();

        Assert.Multiple(() =>
        {
            Assert.That(beforeInterval, Is.EqualTo(2), "the expired row waits for the next purge");
            Assert.That(afterInterval, Is.EqualTo(1), "an empty put still runs a due purge");
        });
    }

    private long RawRows()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory.Path, SqliteControlTable.FileName)};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM provider_answers;";
        return (long)command.ExecuteScalar()!;
    }

    private JobRecord Job(string jobId) =>
        TestJobs.Create(jobId, JobState.Processing, _clock.GetUtcNow()) with { TotalRecords = 400, TotalBatches = 40 };
}
