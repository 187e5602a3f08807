using Enrichment.Core.Jobs;
using Enrichment.Core.Ports;

namespace Enrichment.Testing.Contracts;

/// <summary>
/// Behaviour every <see cref="IControlTable"/> adapter must show. Each test uses fresh job ids, so
/// an adapter may share one table (one DynamoDB table in moto) across tests.
/// Times in test data are whole seconds because DynamoDB TTL attributes are epoch seconds.
/// Failed-then-done rule: after a retry succeeds, the counters equal those of a batch that was only
/// ever done (the failed batch's record counts are taken back).
/// Derived fixtures need an explicit [TestFixture]: the adapter does not discover inherited-only tests otherwise.
/// </summary>
public abstract class ControlTableContract
{
    private static readonly DateTimeOffset BaseTime = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    protected IControlTable Table { get; private set; } = null!;

    /// <summary>Enough batches to need more than one page; adapters should be built with a page size well below it.</summary>
    protected virtual int ManyBatches => 60;

    /// <summary>A ready adapter. Build it with a small page size so listing crosses pages.</summary>
    protected abstract Task<IControlTable> CreateTableAsync();

    protected virtual Task DisposeTableAsync(IControlTable table) =>
        table is IAsyncDisposable disposable ? disposable.DisposeAsync().AsTask() : Task.CompletedTask;

    [SetUp]
    public async Task CreateTableForTestAsync() => Table = await CreateTableAsync();

    [TearDown]
    public Task DisposeTableForTestAsync() => DisposeTableAsync(Table);

    protected static string NewJobId() => "job-" + Guid.NewGuid().ToString("N");

    protected static JobRecord NewJob(string jobId, JobState state = JobState.Accepted, int totalBatches = 3) => new()
    {
        JobId = jobId,
        State = state,
        CreatedAt = BaseTime,
        UpdatedAt = BaseTime,
        ExpiresAt = BaseTime.AddDays(7),
        InputFormat = "csv",
        OutputFormat = "jsonl",
        Columns = ["email", "phone", "name"],
        Providers = ["normalize", "email"],
        TotalRecords = totalBatches * 100L,
        TotalBatches = totalBatches,
        Attempt = 0,
        IdempotencyKey = "key-" + jobId,
        InputName = "contacts.csv",
    };

    private static BatchResult Done(int index, int ok = 90, int invalid = 7, int error = 3) =>
        new(index, BatchStatus.Done, ok + invalid + error, ok, invalid, error, null);

    private static BatchResult Failed(int index, int records = 100, string reason = "dead-lettered") =>
        new(index, BatchStatus.Failed, records, 0, 0, records, reason);

    private static void AssertSameJob(JobRecord? actual, JobRecord expected)
    {
        Assert.That(actual, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(actual!.JobId, Is.EqualTo(expected.JobId));
            Assert.That(actual.State, Is.EqualTo(expected.State));
            Assert.That(actual.CreatedAt, Is.EqualTo(expected.CreatedAt));
            Assert.That(actual.UpdatedAt, Is.EqualTo(expected.UpdatedAt));
            Assert.That(actual.ExpiresAt, Is.EqualTo(expected.ExpiresAt));
            Assert.That(actual.InputFormat, Is.EqualTo(expected.InputFormat));
            Assert.That(actual.OutputFormat, Is.EqualTo(expected.OutputFormat));
            Assert.That(actual.Columns, Is.EqualTo(expected.Columns));
            Assert.That(actual.Providers, Is.EqualTo(expected.Providers));
            Assert.That(actual.TotalRecords, Is.EqualTo(expected.TotalRecords));
            Assert.That(actual.TotalBatches, Is.EqualTo(expected.TotalBatches));
            Assert.That(actual.Attempt, Is.EqualTo(expected.Attempt));
            Assert.That(actual.IdempotencyKey, Is.EqualTo(expected.IdempotencyKey));
            Assert.That(actual.InputName, Is.EqualTo(expected.InputName));
            Assert.That(actual.OutputKey, Is.EqualTo(expected.OutputKey));
            Assert.That(actual.SummaryKey, Is.EqualTo(expected.SummaryKey));
            Assert.That(actual.Error, Is.EqualTo(expected.Error));
            Assert.That(actual.FinishedAt, Is.EqualTo(expected.FinishedAt));
        });
    }

    private async Task<List<BatchEntry>> ListAsync(string jobId)
    {
        var entries = new List<BatchEntry>();
        await foreach (var entry in Table.ListBatchesAsync(jobId, CancellationToken.None))
        {
            entries.Add(entry);
        }

        return entries;
    }

    [Test]
    public async Task CreateJob_ThenGet_RoundTripsEveryField()
    {
        var job = NewJob(NewJobId());

        Assert.That(await Table.TryCreateJobAsync(job, CancellationToken.None), Is.True);

        AssertSameJob(await Table.GetJobAsync(job.JobId, CancellationToken.None), job);
    }

    [Test]
    public async Task CreateJob_RoundTripsOptionalFieldsWhenSet()
    {
        var job = NewJob(NewJobId(), JobState.CompletedWithErrors) with
        {
            Attempt = 2,
            OutputKey = "jobs/x/output/2/enriched.csv",
            SummaryKey = "jobs/x/output/2/summary.json",
            Error = "3 batches failed",
            FinishedAt = BaseTime.AddMinutes(5),
            IdempotencyKey = null,
            InputName = null,
        };

        await Table.TryCreateJobAsync(job, CancellationToken.None);

        AssertSameJob(await Table.GetJobAsync(job.JobId, CancellationToken.None), job);
    }

    [Test]
    public async Task CreateJob_ExistingId_ReturnsFalseAndKeepsTheFirst()
    {
        var job = NewJob(NewJobId());
        await Table.TryCreateJobAsync(job, CancellationToken.None);

        var second = job with { InputFormat = "json", TotalBatches = 99 };

        Assert.That(await Table.TryCreateJobAsync(second, CancellationToken.None), Is.False);
        AssertSameJob(await Table.GetJobAsync(job.JobId, CancellationToken.None), job);
    }

    [Test]
    public async Task GetJob_Unknown_ReturnsNull() =>
        Assert.That(await Table.GetJobAsync(NewJobId(), CancellationToken.None), Is.Null);

    [Test]
    public async Task UpdateJob_WhenStateMatches_ReplacesTheItem()
    {
        var job = NewJob(NewJobId());
        await Table.TryCreateJobAsync(job, CancellationToken.None);
        var updated = job with { State = JobState.Processing, UpdatedAt = BaseTime.AddSeconds(30), Attempt = 1 };

        Assert.That(await Table.TryUpdateJobAsync(updated, JobState.Accepted, CancellationToken.None), Is.True);

        AssertSameJob(await Table.GetJobAsync(job.JobId, CancellationToken.None), updated);
    }

    [Test]
    public async Task UpdateJob_WhenStateMovedOn_ReturnsFalseAndChangesNothing()
    {
        var job = NewJob(NewJobId(), JobState.Processing);
        await Table.TryCreateJobAsync(job, CancellationToken.None);

        var stale = job with { State = JobState.Failed, Error = "late writer" };

        Assert.That(await Table.TryUpdateJobAsync(stale, JobState.Accepted, CancellationToken.None), Is.False);
        AssertSameJob(await Table.GetJobAsync(job.JobId, CancellationToken.None), job);
    }

    [Test]
    public async Task UpdateJob_UnknownJob_ReturnsFalseAndCreatesNothing()
    {
        var job = NewJob(NewJobId());

        Assert.That(await Table.TryUpdateJobAsync(job, JobState.Accepted, CancellationToken.None), Is.False);
        Assert.That(await Table.GetJobAsync(job.JobId, CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task UpdateJob_ConcurrentWritersFromSameState_OnlyOneWins()
    {
        var job = NewJob(NewJobId(), JobState.Processing);
        await Table.TryCreateJobAsync(job, CancellationToken.None);

        var attempts = Enumerable.Range(0, 8)
            .Select(i => Table.TryUpdateJobAsync(job with { State = JobState.Aggregating, Attempt = i }, JobState.Processing, CancellationToken.None));
        var results = await Task.WhenAll(attempts);

        Assert.That(results.Count(won => won), Is.EqualTo(1));
        Assert.That((await Table.GetJobAsync(job.JobId, CancellationToken.None))!.State, Is.EqualTo(JobState.Aggregating));
    }

    [Test]
    public async Task DeleteJob_RemovesJobBatchesAndCounters()
    {
        var job = NewJob(NewJobId());
        await Table.TryCreateJobAsync(job, CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Done(0), CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Failed(1), CancellationToken.None);

        await Table.DeleteJobAsync(job.JobId, CancellationToken.None);

        Assert.That(await Table.GetJobAsync(job.JobId, CancellationToken.None), Is.Null);
        Assert.That(await ListAsync(job.JobId), Is.Empty);
        var progress = await Table.GetProgressAsync(job.JobId, CancellationToken.None);
        Assert.That(progress.BatchesFinished, Is.Zero);
        Assert.That(progress.RecordsProcessed, Is.Zero);
    }

    [Test]
    public async Task DeleteJob_Unknown_DoesNotThrow() =>
        Assert.That(async () => await Table.DeleteJobAsync(NewJobId(), CancellationToken.None), Throws.Nothing);

    [Test]
    public async Task DeleteJob_LeavesOtherJobsAlone()
    {
        var kept = NewJob(NewJobId());
        var deleted = NewJob(NewJobId());
        await Table.TryCreateJobAsync(kept, CancellationToken.None);
        await Table.TryCreateJobAsync(deleted, CancellationToken.None);
        await Table.CommitBatchAsync(kept.JobId, Done(0), CancellationToken.None);

        await Table.DeleteJobAsync(deleted.JobId, CancellationToken.None);

        AssertSameJob(await Table.GetJobAsync(kept.JobId, CancellationToken.None), kept);
        Assert.That((await Table.GetProgressAsync(kept.JobId, CancellationToken.None)).BatchesDone, Is.EqualTo(1));
    }

    [Test]
    public async Task Progress_UnknownJob_IsEmpty()
    {
        var progress = await Table.GetProgressAsync(NewJobId(), CancellationToken.None);

        Assert.That(progress.BatchesFinished, Is.Zero);
        Assert.That(progress.RecordsProcessed, Is.Zero);
        Assert.That(progress.LastCommitAt, Is.Null);
    }

    [Test]
    public async Task CommitDone_CountsBatchAndRecords()
    {
        var job = NewJob(NewJobId());
        await Table.TryCreateJobAsync(job, CancellationToken.None);

        var outcome = await Table.CommitBatchAsync(job.JobId, Done(0, 90, 7, 3), CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(CommitOutcome.Counted));
        var progress = await Table.GetProgressAsync(job.JobId, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(progress.BatchesDone, Is.EqualTo(1));
            Assert.That(progress.BatchesFailed, Is.Zero);
            Assert.That(progress.RecordsOk, Is.EqualTo(90));
            Assert.That(progress.RecordsInvalid, Is.EqualTo(7));
            Assert.That(progress.RecordsError, Is.EqualTo(3));
            Assert.That(progress.LastCommitAt, Is.Not.Null);
        });
    }

    [Test]
    public async Task CommitFailed_CountsFailedBatch()
    {
        var job = NewJob(NewJobId());
        await Table.TryCreateJobAsync(job, CancellationToken.None);

        Assert.That(await Table.CommitBatchAsync(job.JobId, Failed(0, 100), CancellationToken.None), Is.EqualTo(CommitOutcome.Counted));

        var progress = await Table.GetProgressAsync(job.JobId, CancellationToken.None);
        Assert.That(progress.BatchesFailed, Is.EqualTo(1));
        Assert.That(progress.BatchesDone, Is.Zero);
        Assert.That(progress.RecordsError, Is.EqualTo(100));
    }

    [Test]
    public async Task CommitDone_Twice_SecondIsAlreadyCountedAndCountersUnchanged()
    {
        var job = NewJob(NewJobId());
        await Table.TryCreateJobAsync(job, CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Done(0), CancellationToken.None);

        var outcome = await Table.CommitBatchAsync(job.JobId, Done(0), CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(CommitOutcome.AlreadyCounted));
        var progress = await Table.GetProgressAsync(job.JobId, CancellationToken.None);
        Assert.That(progress.BatchesDone, Is.EqualTo(1));
        Assert.That(progress.RecordsProcessed, Is.EqualTo(100));
    }

    [Test]
    public async Task CommitFailed_AfterDone_IsAlreadyCountedAndBatchStaysDone()
    {
        var job = NewJob(NewJobId());
        await Table.TryCreateJobAsync(job, CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Done(0), CancellationToken.None);

        var outcome = await Table.CommitBatchAsync(job.JobId, Failed(0), CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(CommitOutcome.AlreadyCounted));
        var progress = await Table.GetProgressAsync(job.JobId, CancellationToken.None);
        Assert.That(progress.BatchesDone, Is.EqualTo(1));
        Assert.That(progress.BatchesFailed, Is.Zero);
        Assert.That((await ListAsync(job.JobId)).Single().Status, Is.EqualTo(BatchStatus.Done));
    }

    [Test]
    public async Task CommitFailed_Twice_SecondIsAlreadyCounted()
    {
        var job = NewJob(NewJobId());
        await Table.TryCreateJobAsync(job, CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Failed(0), CancellationToken.None);

        Assert.That(await Table.CommitBatchAsync(job.JobId, Failed(0), CancellationToken.None), Is.EqualTo(CommitOutcome.AlreadyCounted));
        Assert.That((await Table.GetProgressAsync(job.JobId, CancellationToken.None)).BatchesFailed, Is.EqualTo(1));
    }

    [Test]
    public async Task CommitDone_AfterFailed_MovesTheBatchAndItsRecordCounts()
    {
        var job = NewJob(NewJobId());
        await Table.TryCreateJobAsync(job, CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Failed(0, 100), CancellationToken.None);

        var outcome = await Table.CommitBatchAsync(job.JobId, Done(0, 95, 5, 0), CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(CommitOutcome.Counted));
        var progress = await Table.GetProgressAsync(job.JobId, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(progress.BatchesDone, Is.EqualTo(1));
            Assert.That(progress.BatchesFailed, Is.Zero);
            Assert.That(progress.RecordsOk, Is.EqualTo(95));
            Assert.That(progress.RecordsInvalid, Is.EqualTo(5));
            Assert.That(progress.RecordsError, Is.Zero);
        });
        var entry = (await ListAsync(job.JobId)).Single();
        Assert.That(entry.Status, Is.EqualTo(BatchStatus.Done));
        Assert.That(entry.Reason, Is.Null);
    }

    [Test]
    public async Task CommitDone_AfterFailed_ThenDoneAgain_IsAlreadyCounted()
    {
        var job = NewJob(NewJobId());
        await Table.TryCreateJobAsync(job, CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Failed(0), CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Done(0), CancellationToken.None);

        Assert.That(await Table.CommitBatchAsync(job.JobId, Done(0), CancellationToken.None), Is.EqualTo(CommitOutcome.AlreadyCounted));
        Assert.That((await Table.GetProgressAsync(job.JobId, CancellationToken.None)).BatchesDone, Is.EqualTo(1));
    }

    [Test]
    public async Task ConcurrentCommitsOfTheSameBatch_AreCountedOnce()
    {
        var job = NewJob(NewJobId());
        await Table.TryCreateJobAsync(job, CancellationToken.None);

        var commits = Enumerable.Range(0, 8)
            .Select(_ => Task.Run(() => Table.CommitBatchAsync(job.JobId, Done(4), CancellationToken.None)));
        var outcomes = await Task.WhenAll(commits);

        Assert.That(outcomes.Count(o => o == CommitOutcome.Counted), Is.EqualTo(1));
        var progress = await Table.GetProgressAsync(job.JobId, CancellationToken.None);
        Assert.That(progress.BatchesDone, Is.EqualTo(1));
        Assert.That(progress.RecordsProcessed, Is.EqualTo(100));
    }

    [Test]
    public async Task ConcurrentCommitsOfDifferentBatches_AreAllCounted()
    {
        const int batches = 24;
        var job = NewJob(NewJobId(), totalBatches: batches);
        await Table.TryCreateJobAsync(job, CancellationToken.None);

        var commits = Enumerable.Range(0, batches)
            .Select(i => Task.Run(() => Table.CommitBatchAsync(job.JobId, i % 4 == 0 ? Failed(i, 10) : Done(i, 10, 0, 0), CancellationToken.None)));
        var outcomes = await Task.WhenAll(commits);

        Assert.That(outcomes, Is.All.EqualTo(CommitOutcome.Counted));
        var progress = await Table.GetProgressAsync(job.JobId, CancellationToken.None);
        Assert.That(progress.BatchesDone, Is.EqualTo(18));
        Assert.That(progress.BatchesFailed, Is.EqualTo(6));
        Assert.That(progress.RecordsOk, Is.EqualTo(180));
        Assert.That(progress.RecordsError, Is.EqualTo(60));
    }

    [Test]
    public async Task ListBatches_ReturnsEveryBatchInOrderAcrossPages()
    {
        var job = NewJob(NewJobId(), totalBatches: ManyBatches);
        await Table.TryCreateJobAsync(job, CancellationToken.None);
        // Committed out of order so the listing's order comes from the table, not from insertion.
        var order = Enumerable.Range(0, ManyBatches).OrderBy(i => (i * 37) % ManyBatches).ToList();
        foreach (var index in order)
        {
            await Table.CommitBatchAsync(job.JobId, index == 3 ? Failed(index, 100, "boom") : Done(index), CancellationToken.None);
        }

        var entries = await ListAsync(job.JobId);

        Assert.That(entries.Select(e => e.BatchIndex), Is.EqualTo(Enumerable.Range(0, ManyBatches)));
        Assert.That(entries[3].Status, Is.EqualTo(BatchStatus.Failed));
        Assert.That(entries[3].Reason, Is.EqualTo("boom"));
        Assert.That(entries[3].Records, Is.EqualTo(100));
        Assert.That(entries[4].Status, Is.EqualTo(BatchStatus.Done));
        Assert.That(entries[4].Records, Is.EqualTo(100));
        Assert.That(entries[4].UpdatedAt, Is.GreaterThan(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public async Task ListBatches_OnlyThatJob()
    {
        var first = NewJob(NewJobId());
        var second = NewJob(NewJobId());
        await Table.TryCreateJobAsync(first, CancellationToken.None);
        await Table.TryCreateJobAsync(second, CancellationToken.None);
        await Table.CommitBatchAsync(first.JobId, Done(0), CancellationToken.None);
        await Table.CommitBatchAsync(second.JobId, Done(1), CancellationToken.None);
        await Table.CommitBatchAsync(second.JobId, Done(2), CancellationToken.None);

        Assert.That((await ListAsync(first.JobId)).Select(e => e.BatchIndex), Is.EqualTo(new[] { 0 }));
        Assert.That((await ListAsync(second.JobId)).Select(e => e.BatchIndex), Is.EqualTo(new[] { 1, 2 }));
    }

    [Test]
    public async Task ListBatches_UnknownJob_IsEmpty() =>
        Assert.That(await ListAsync(NewJobId()), Is.Empty);

    [Test]
    public async Task ClaimIdempotencyKey_FirstClaimWins()
    {
        var key = "idem-" + Guid.NewGuid().ToString("N");
        var firstJob = NewJobId();
        var expires = DateTimeOffset.UtcNow.AddHours(1);

        Assert.That(await Table.ClaimIdempotencyKeyAsync(key, firstJob, expires, CancellationToken.None), Is.EqualTo(firstJob));
        Assert.That(await Table.ClaimIdempotencyKeyAsync(key, NewJobId(), expires, CancellationToken.None), Is.EqualTo(firstJob));
        Assert.That(await Table.ClaimIdempotencyKeyAsync(key, firstJob, expires, CancellationToken.None), Is.EqualTo(firstJob));
    }

    [Test]
    public async Task ClaimIdempotencyKey_ConcurrentClaims_AllAgreeOnOneJob()
    {
        var key = "idem-" + Guid.NewGuid().ToString("N");
        var expires = DateTimeOffset.UtcNow.AddHours(1);
        var jobs = Enumerable.Range(0, 6).Select(_ => NewJobId()).ToList();

        var holders = await Task.WhenAll(jobs.Select(j => Task.Run(() => Table.ClaimIdempotencyKeyAsync(key, j, expires, CancellationToken.None))));

        Assert.That(holders.Distinct().Count(), Is.EqualTo(1));
        Assert.That(jobs, Does.Contain(holders[0]));
    }

    [Test]
    public async Task ReleaseIdempotencyKey_LetsAnotherJobClaimIt()
    {
        var key = "idem-" + Guid.NewGuid().ToString("N");
        var firstJob = NewJobId();
        var secondJob = NewJobId();
        var expires = DateTimeOffset.UtcNow.AddHours(1);
        await Table.ClaimIdempotencyKeyAsync(key, firstJob, expires, CancellationToken.None);

        await Table.ReleaseIdempotencyKeyAsync(key, firstJob, CancellationToken.None);

        Assert.That(await Table.ClaimIdempotencyKeyAsync(key, secondJob, expires, CancellationToken.None), Is.EqualTo(secondJob));
    }

    [Test]
    public async Task ReleaseIdempotencyKey_ByAnotherJob_KeepsTheHolder()
    {
        var key = "idem-" + Guid.NewGuid().ToString("N");
        var holder = NewJobId();
        var expires = DateTimeOffset.UtcNow.AddHours(1);
        await Table.ClaimIdempotencyKeyAsync(key, holder, expires, CancellationToken.None);

        await Table.ReleaseIdempotencyKeyAsync(key, NewJobId(), CancellationToken.None);

        Assert.That(await Table.ClaimIdempotencyKeyAsync(key, NewJobId(), expires, CancellationToken.None), Is.EqualTo(holder));
    }

    [Test]
    public async Task ReleaseIdempotencyKey_Unknown_DoesNotThrow() =>
        Assert.That(async () => await Table.ReleaseIdempotencyKeyAsync("idem-" + Guid.NewGuid().ToString("N"), NewJobId(), CancellationToken.None), Throws.Nothing);

    [Test]
    public async Task ClaimIdempotencyKey_ExpiredClaim_CanBeTakenOver()
    {
        var key = "idem-" + Guid.NewGuid().ToString("N");
        var oldJob = NewJobId();
        var newJob = NewJobId();
        await Table.ClaimIdempotencyKeyAsync(key, oldJob, DateTimeOffset.UtcNow.AddHours(-1), CancellationToken.None);

        Assert.That(await Table.ClaimIdempotencyKeyAsync(key, newJob, DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None), Is.EqualTo(newJob));
    }
}
