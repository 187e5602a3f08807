using Enrichment.Core.Jobs;
using Enrichment.Core.Ports;
using Enrichment.Testing.Jobs;

namespace Enrichment.Testing.Contracts;

/// <summary>
/// Behaviour every <see cref="IControlTable"/> adapter must show. Each test uses fresh job ids, so
/// an adapter may share one table (one DynamoDB table in moto) across tests.
/// Times in test data are whole seconds because DynamoDB TTL attributes are epoch seconds.
/// Failed-then-done rule: after a retry succeeds, the counters equal those of a batch that was only
/// ever done (the failed batch's record counts are taken back). Revision rule: after a done batch is
/// re-run at a higher attempt, the record counters equal those of a job whose batch was only ever
/// the revised one. Named counters add up over every counted result and nothing else.
/// Derived fixtures need an explicit [TestFixture]: the adapter does not discover inherited-only tests otherwise.
/// </summary>
public abstract partial class ControlTableContract
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

    protected static JobRecord NewJob(string jobId, JobState state = JobState.Accepted, int totalBatches = 3) => TestJobs.Create(jobId, state, BaseTime) with
    {
        OutputFormat = "jsonl",
        Columns = ["email", "phone", "name"],
        Providers = ["normalize", "email"],
        TotalRecords = totalBatches * 100L,
        TotalBatches = totalBatches,
        Owner = "jwt:https://issuer.example#user-" + jobId,
        IdempotencyKey = "key-" + jobId,
        RequestHash = "hash-" + jobId,
        InputName = "contacts.csv",
    };

    private const string Calls = "provider:person-api:calls";

    private static BatchResult Done(int index, int ok = 90, int invalid = 7, int error = 3, int attempt = 0, IReadOnlyDictionary<string, long>? counters = null) =>
        new(index, BatchStatus.Done, ok + invalid + error, ok, invalid, error, null, attempt, counters);

    private static BatchResult Failed(int index, int records = 100, string reason = "dead-lettered", int attempt = 0, IReadOnlyDictionary<string, long>? counters = null) =>
        new(index, BatchStatus.Failed, records, 0, 0, records, reason, attempt, counters);

    private static Dictionary<string, long> CallCount(long calls) => new(StringComparer.Ordinal) { [Calls] = calls };

    private static void AssertNoNamedCounters(JobProgress progress) =>
        Assert.That(progress.Counters ?? new Dictionary<string, long>(), Is.Empty);

    private async Task AssertRecordsAsync(string jobId, long ok, long invalid, long error, int done = 1, int failed = 0)
    {
        var progress = await Table.GetProgressAsync(jobId, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(progress.BatchesDone, Is.EqualTo(done), "batches done");
            Assert.That(progress.BatchesFailed, Is.EqualTo(failed), "batches failed");
            Assert.That(progress.RecordsOk, Is.EqualTo(ok), "records ok");
            Assert.That(progress.RecordsInvalid, Is.EqualTo(invalid), "records invalid");
            Assert.That(progress.RecordsError, Is.EqualTo(error), "records error");
        });
    }

    private async Task<BatchEntry> RequireBatchAsync(string jobId, int index)
    {
        var entry = await Table.GetBatchAsync(jobId, index, CancellationToken.None);
        Assert.That(entry, Is.Not.Null, $"batch {index}");
        return entry!;
    }

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
            Assert.That(actual.EnrichmentColumns, Is.EqualTo(expected.EnrichmentColumns));
            Assert.That(actual.TotalRecords, Is.EqualTo(expected.TotalRecords));
            Assert.That(actual.TotalBatches, Is.EqualTo(expected.TotalBatches));
            Assert.That(actual.Attempt, Is.EqualTo(expected.Attempt));
            Assert.That(actual.RetriedBatches, Is.EqualTo(expected.RetriedBatches));
            Assert.That(actual.Owner, Is.EqualTo(expected.Owner));
            Assert.That(actual.IdempotencyKey, Is.EqualTo(expected.IdempotencyKey));
            Assert.That(actual.RequestHash, Is.EqualTo(expected.RequestHash));
            Assert.That(actual.InputName, Is.EqualTo(expected.InputName));
            Assert.That(actual.OutputKey, Is.EqualTo(expected.OutputKey));
            Assert.That(actual.SummaryKey, Is.EqualTo(expected.SummaryKey));
            Assert.That(actual.Error, Is.EqualTo(expected.Error));
            Assert.That(actual.FinishedAt, Is.EqualTo(expected.FinishedAt));
            Assert.That(actual.Webhook, Is.EqualTo(expected.Webhook));
            Assert.That(actual.WebhookDelivery, Is.EqualTo(expected.WebhookDelivery));
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
            RetriedBatches = 17,
            OutputKey = "jobs/x/output/2/enriched.csv",
            SummaryKey = "jobs/x/output/2/summary.json",
            Error = "3 batches failed",
            FinishedAt = BaseTime.AddMinutes(5),
            EnrichmentColumns = ["record_status", "record_errors", "email_normalized"],
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
        var updated = job with { State = JobState.Processing, UpdatedAt = BaseTime.AddSeconds(30), Attempt = 1, RetriedBatches = 2 };

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
        await Table.CommitBatchAsync(job.JobId, Done(0, counters: CallCount(3)), CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Failed(1), CancellationToken.None);

        await Table.DeleteJobAsync(job.JobId, CancellationToken.None);

        Assert.That(await Table.GetJobAsync(job.JobId, CancellationToken.None), Is.Null);
        Assert.That(await ListAsync(job.JobId), Is.Empty);
        Assert.That(await Table.GetBatchAsync(job.JobId, 0, CancellationToken.None), Is.Null);
        var progress = await Table.GetProgressAsync(job.JobId, CancellationToken.None);
        Assert.That(progress.BatchesFinished, Is.Zero);
        Assert.That(progress.RecordsProcessed, Is.Zero);
        AssertNoNamedCounters(progress);
    }

    [Test]
    public async Task DeleteJob_ReleasesItsIdempotencyKey()
    {
        var job = NewJob(NewJobId());
        var expires = DateTimeOffset.UtcNow.AddHours(1);
        await Table.ClaimIdempotencyKeyAsync(job.IdempotencyKey!, job.JobId, expires, CancellationToken.None);
        await Table.TryCreateJobAsync(job, CancellationToken.None);

        await Table.DeleteJobAsync(job.JobId, CancellationToken.None);

        var next = NewJobId();
        Assert.That(await Table.ClaimIdempotencyKeyAsync(job.IdempotencyKey!, next, expires, CancellationToken.None), Is.EqualTo(next));
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
        AssertNoNamedCounters(progress);
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
    public async Task GetBatch_ReturnsTheStoredItemWithItsCountsAndAttempt()
    {
        var job = NewJob(NewJobId());
        await Table.TryCreateJobAsync(job, CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Done(1, 80, 15, 5, attempt: 2), CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Failed(2, 40, "boom", attempt: 1), CancellationToken.None);

        var done = await RequireBatchAsync(job.JobId, 1);
        var failed = await RequireBatchAsync(job.JobId, 2);

        Assert.Multiple(() =>
        {
            Assert.That(done with { UpdatedAt = default }, Is.EqualTo(new BatchEntry(1, BatchStatus.Done, 100, null, default, 80, 15, 5, 2)));
            Assert.That(done.UpdatedAt, Is.GreaterThan(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero)));
            Assert.That(failed with { UpdatedAt = default }, Is.EqualTo(new BatchEntry(2, BatchStatus.Failed, 40, "boom", default, 0, 0, 40, 1)));
        });
    }

    [Test]
    public async Task GetBatch_NotCommittedOrUnknownJob_IsNull()
    {
        var job = NewJob(NewJobId());
        await Table.TryCreateJobAsync(job, CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Done(0), CancellationToken.None);

        Assert.That(await Table.GetBatchAsync(job.JobId, 1, CancellationToken.None), Is.Null);
        Assert.That(await Table.GetBatchAsync(NewJobId(), 0, CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task ListBatches_CarriesCountsAndAttempt()
    {
        var job = NewJob(NewJobId());
        await Table.TryCreateJobAsync(job, CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Done(0, 60, 30, 10, attempt: 1), CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Failed(1, 50, attempt: 3), CancellationToken.None);

        var entries = await ListAsync(job.JobId);

        Assert.That(entries.Select(e => (e.Ok, e.Invalid, e.Error, e.Attempt)), Is.EqualTo(new[] { (60, 30, 10, 1), (0, 0, 50, 3) }));
    }

    [Test]
    public async Task CommitDone_RevisionAtAHigherAttempt_MovesRecordCountsByTheDifference()
    {
        var job = NewJob(NewJobId());
        await Table.TryCreateJobAsync(job, CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Done(0, 90, 7, 3), CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Done(1, 50, 0, 50), CancellationToken.None);

        var outcome = await Table.CommitBatchAsync(job.JobId, Done(1, 95, 0, 5, attempt: 1), CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(CommitOutcome.Counted));
        await AssertRecordsAsync(job.JobId, ok: 90 + 95, invalid: 7, error: 3 + 5, done: 2);
        var entry = await RequireBatchAsync(job.JobId, 1);
        Assert.That((entry.Status, entry.Ok, entry.Invalid, entry.Error, entry.Attempt), Is.EqualTo((BatchStatus.Done, 95, 0, 5, 1)));
    }

    [Test]
    public async Task CommitDone_SecondRevisionAtAnEvenHigherAttempt_MovesFromTheFirstRevision()
    {
        var job = NewJob(NewJobId());
        await Table.TryCreateJobAsync(job, CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Done(0, 50, 0, 50), CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Done(0, 80, 0, 20, attempt: 1), CancellationToken.None);

        Assert.That(await Table.CommitBatchAsync(job.JobId, Done(0, 99, 0, 1, attempt: 3), CancellationToken.None), Is.EqualTo(CommitOutcome.Counted));

        await AssertRecordsAsync(job.JobId, ok: 99, invalid: 0, error: 1);
        Assert.That((await RequireBatchAsync(job.JobId, 0)).Attempt, Is.EqualTo(3));
    }

    [Test]
    public async Task CommitDone_StaleOrDuplicateRevision_IsAlreadyCountedAndChangesNothing()
    {
        var job = NewJob(NewJobId());
        await Table.TryCreateJobAsync(job, CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Done(0, 50, 0, 50), CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Done(0, 80, 0, 20, attempt: 2), CancellationToken.None);

        // The same attempt again (redelivery), an older attempt arriving late, and the first run again.
        var outcomes = new[]
        {
            await Table.CommitBatchAsync(job.JobId, Done(0, 90, 0, 10, attempt: 2, counters: CallCount(4)), CancellationToken.None),
            await Table.CommitBatchAsync(job.JobId, Done(0, 70, 0, 30, attempt: 1, counters: CallCount(4)), CancellationToken.None),
            await Table.CommitBatchAsync(job.JobId, Done(0, 50, 0, 50, counters: CallCount(4)), CancellationToken.None),
        };

        Assert.That(outcomes, Is.All.EqualTo(CommitOutcome.AlreadyCounted));
        await AssertRecordsAsync(job.JobId, ok: 80, invalid: 0, error: 20);
        var entry = await RequireBatchAsync(job.JobId, 0);
        Assert.That((entry.Ok, entry.Error, entry.Attempt), Is.EqualTo((80, 20, 2)));
        var progress = await Table.GetProgressAsync(job.JobId, CancellationToken.None);
        Assert.That(progress.Counter(Calls), Is.Zero);
        Assert.That((progress.Counter(JobCounters.AttemptBatches(0)), progress.Counter(JobCounters.AttemptBatches(1)), progress.Counter(JobCounters.AttemptBatches(2))), Is.EqualTo((1L, 0L, 1L)));
    }

    [Test]
    public async Task CommitFailed_AfterFailedAtAHigherAttempt_StoresTheNewReasonAndAttempt()
    {
        var job = NewJob(NewJobId());
        await Table.TryCreateJobAsync(job, CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Failed(0, 100, "first run"), CancellationToken.None);

        var outcome = await Table.CommitBatchAsync(job.JobId, Failed(0, 100, "retry", attempt: 1, counters: CallCount(2)), CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(CommitOutcome.Counted));
        await AssertRecordsAsync(job.JobId, ok: 0, invalid: 0, error: 100, done: 0, failed: 1);
        var entry = await RequireBatchAsync(job.JobId, 0);
        Assert.That((entry.Status, entry.Reason, entry.Attempt, entry.Records, entry.Error), Is.EqualTo((BatchStatus.Failed, "retry", 1, 100, 100)));
        Assert.That((await Table.GetProgressAsync(job.JobId, CancellationToken.None)).Counter(Calls), Is.EqualTo(2));
        Assert.That(
            await Table.CommitBatchAsync(job.JobId, Failed(0, 100, "retry again", attempt: 1), CancellationToken.None),
            Is.EqualTo(CommitOutcome.AlreadyCounted));
        Assert.That((await RequireBatchAsync(job.JobId, 0)).Reason, Is.EqualTo("retry"));
    }

    [Test]
    public async Task CommitFailed_AfterDoneAtAHigherAttempt_KeepsTheBatchDoneWithItsCounts()
    {
        var job = NewJob(NewJobId());
        await Table.TryCreateJobAsync(job, CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Done(0, 90, 7, 3, counters: CallCount(5)), CancellationToken.None);

        var outcome = await Table.CommitBatchAsync(job.JobId, Failed(0, 100, "retry failed", attempt: 1, counters: CallCount(1)), CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(CommitOutcome.Counted));
        await AssertRecordsAsync(job.JobId, ok: 90, invalid: 7, error: 3);
        var entry = await RequireBatchAsync(job.JobId, 0);
        Assert.That(
            (entry.Status, entry.Records, entry.Ok, entry.Invalid, entry.Error, entry.Reason, entry.Attempt),
            Is.EqualTo((BatchStatus.Done, 100, 90, 7, 3, (string?)null, 1)));
        Assert.That((await Table.GetProgressAsync(job.JobId, CancellationToken.None)).Counter(Calls), Is.EqualTo(6));

        // The attempt is now counted: a late success or failure of it is a duplicate.
        Assert.That(await Table.CommitBatchAsync(job.JobId, Done(0, 100, 0, 0, attempt: 1), CancellationToken.None), Is.EqualTo(CommitOutcome.AlreadyCounted));
        Assert.That(await Table.CommitBatchAsync(job.JobId, Failed(0, attempt: 1), CancellationToken.None), Is.EqualTo(CommitOutcome.AlreadyCounted));
        await AssertRecordsAsync(job.JobId, ok: 90, invalid: 7, error: 3);
    }

    [Test]
    public async Task CommitDone_AfterFailedAtTheSameAttempt_StillMovesToDone()
    {
        var job = NewJob(NewJobId());
        await Table.TryCreateJobAsync(job, CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Failed(0, 100, attempt: 2), CancellationToken.None);

        var outcome = await Table.CommitBatchAsync(job.JobId, Done(0, 95, 5, 0, attempt: 2), CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(CommitOutcome.Counted));
        await AssertRecordsAsync(job.JobId, ok: 95, invalid: 5, error: 0);
        var entry = await RequireBatchAsync(job.JobId, 0);
        Assert.That((entry.Status, entry.Reason, entry.Attempt), Is.EqualTo((BatchStatus.Done, (string?)null, 2)));
    }

    [Test]
    public async Task CommitDone_AfterFailedAtALowerAttempt_IsAlreadyCounted()
    {
        var job = NewJob(NewJobId());
        await Table.TryCreateJobAsync(job, CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Failed(0, 100, attempt: 2), CancellationToken.None);

        var outcome = await Table.CommitBatchAsync(job.JobId, Done(0, 95, 5, 0, attempt: 1), CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(CommitOutcome.AlreadyCounted));
        await AssertRecordsAsync(job.JobId, ok: 0, invalid: 0, error: 100, done: 0, failed: 1);
        Assert.That((await RequireBatchAsync(job.JobId, 0)).Status, Is.EqualTo(BatchStatus.Failed));
    }

    [Test]
    public async Task CommitDone_AfterFailedWithinOneAttempt_CountsTheAttemptOnce()
    {
        var job = NewJob(NewJobId(), JobState.Processing) with { Attempt = 1 };
        await Table.TryCreateJobAsync(job, CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Done(0, 50, 0, 50), CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Failed(1, 100, "stalled"), CancellationToken.None);

        // Attempt 1 re-runs both: batch 1 is failed again (last receive) and then done by a late worker.
        await Table.CommitBatchAsync(job.JobId, Done(0, 90, 0, 10, attempt: 1), CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Failed(1, 100, "last receive", attempt: 1), CancellationToken.None);
        var outcome = await Table.CommitBatchAsync(job.JobId, Done(1, 100, 0, 0, attempt: 1), CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(CommitOutcome.Counted));
        var progress = await Table.GetProgressAsync(job.JobId, CancellationToken.None);
        Assert.That(progress.Counter(JobCounters.AttemptBatches(1)), Is.EqualTo(2), "each batch counts once at attempt 1");
        Assert.That((progress.BatchesDone, progress.BatchesFailed), Is.EqualTo((2, 0)));
    }

    [Test]
    public async Task Commit_ToAnAttemptBeingAggregated_IsRefusedAndChangesNothing()
    {
        var job = NewJob(NewJobId(), JobState.Processing);
        await Table.TryCreateJobAsync(job, CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Failed(0, 100, "stalled"), CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Done(1), CancellationToken.None);
        Assert.That(await Table.TryUpdateJobAsync(job with { State = JobState.Aggregating }, JobState.Processing, CancellationToken.None), Is.True);
        var before = await Table.GetProgressAsync(job.JobId, CancellationToken.None);

        var outcomes = new[]
        {
            await Table.CommitBatchAsync(job.JobId, Done(0, 100, 0, 0, counters: CallCount(3)), CancellationToken.None),
            await Table.CommitBatchAsync(job.JobId, Done(2), CancellationToken.None),
            await Table.CommitBatchAsync(job.JobId, Failed(2), CancellationToken.None),
        };

        Assert.That(outcomes, Is.All.EqualTo(CommitOutcome.Refused));
        Assert.That((await RequireBatchAsync(job.JobId, 0)).Status, Is.EqualTo(BatchStatus.Failed), "a stall-failed batch stays failed");
        Assert.That(await Table.GetBatchAsync(job.JobId, 2, CancellationToken.None), Is.Null);
        var after = await Table.GetProgressAsync(job.JobId, CancellationToken.None);
        Assert.That(
            (after.BatchesDone, after.BatchesFailed, after.RecordsOk, after.RecordsError, after.Counter(Calls)),
            Is.EqualTo((before.BatchesDone, before.BatchesFailed, before.RecordsOk, before.RecordsError, 0L)));
    }

    [Test]
    public async Task Commit_OfAnOlderAttempt_AfterARetryStarted_IsRefused()
    {
        var job = NewJob(NewJobId(), JobState.CompletedWithErrors);
        await Table.TryCreateJobAsync(job, CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Done(0, 50, 0, 50), CancellationToken.None);
        Assert.That(await Table.TryUpdateJobAsync(job with { State = JobState.Processing, Attempt = 1 }, JobState.CompletedWithErrors, CancellationToken.None), Is.True);

        Assert.That(await Table.CommitBatchAsync(job.JobId, Done(1), CancellationToken.None), Is.EqualTo(CommitOutcome.Refused));
        Assert.That(await Table.CommitBatchAsync(job.JobId, Done(0, 90, 0, 10, attempt: 1), CancellationToken.None), Is.EqualTo(CommitOutcome.Counted));
        await AssertRecordsAsync(job.JobId, ok: 90, invalid: 0, error: 10);
    }

    [Test]
    public async Task Commit_JobGone_IsRefusedAndStoresNothing()
    {
        var jobId = NewJobId();

        Assert.That(await Table.CommitBatchAsync(jobId, Done(0), CancellationToken.None), Is.EqualTo(CommitOutcome.Refused));
        Assert.That(await Table.GetBatchAsync(jobId, 0, CancellationToken.None), Is.Null);
        Assert.That((await Table.GetProgressAsync(jobId, CancellationToken.None)).BatchesFinished, Is.Zero);
    }

    [Test]
    public async Task Commit_StoresThePartOfTheCountedDoneResult()
    {
        var job = NewJob(NewJobId(), JobState.Processing);
        await Table.TryCreateJobAsync(job, CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Done(0) with { PartId = "0-first" }, CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Done(0) with { PartId = "0-duplicate" }, CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Failed(1) with { PartId = "ignored" }, CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Done(2) with { PartId = "0-kept" }, CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Failed(2, attempt: 1), CancellationToken.None);

        var entries = await ListAsync(job.JobId);

        Assert.That(entries.Select(e => e.PartId), Is.EqualTo(new[] { "0-first", null, "0-kept" }));
        Assert.That((await RequireBatchAsync(job.JobId, 0)).PartId, Is.EqualTo("0-first"));
    }

    [Test]
    public async Task ConcurrentCommitsWhileTheAttemptIsSealed_AreEachCountedOrRefused_NeverHalfway()
    {
        const int batches = 16;
        var job = NewJob(NewJobId(), JobState.Processing, totalBatches: batches);
        await Table.TryCreateJobAsync(job, CancellationToken.None);

        var commits = Enumerable.Range(0, batches)
            .Select(i => Task.Run(() => Table.CommitBatchAsync(job.JobId, Done(i, 10, 0, 0), CancellationToken.None)))
            .ToList();
        var seal = Task.Run(() => Table.TryUpdateJobAsync(job with { State = JobState.Aggregating }, JobState.Processing, CancellationToken.None));
        var outcomes = await Task.WhenAll(commits);
        Assert.That(await seal, Is.True);

        // Whatever the interleaving, the items and the counters agree, and nothing lands after the seal.
        var entries = await ListAsync(job.JobId);
        var progress = await Table.GetProgressAsync(job.JobId, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(outcomes, Is.All.EqualTo(CommitOutcome.Counted).Or.EqualTo(CommitOutcome.Refused));
            Assert.That(entries.Select(e => e.BatchIndex), Is.EquivalentTo(Enumerable.Range(0, batches).Where(i => outcomes[i] == CommitOutcome.Counted)));
            Assert.That(progress.BatchesDone, Is.EqualTo(entries.Count));
            Assert.That(progress.RecordsOk, Is.EqualTo(10L * entries.Count));
        });
        Assert.That(await Table.CommitBatchAsync(job.JobId, Done(batches - 1), CancellationToken.None), Is.Not.EqualTo(CommitOutcome.Counted));
    }

    [Test]
    public async Task Counters_AreSummedAcrossBatchesAndCounterShards()
    {
        const int batches = 21;
        const string field = "provider:person-api:field:first_name";
        var job = NewJob(NewJobId(), totalBatches: batches);
        await Table.TryCreateJobAsync(job, CancellationToken.None);

        for (var i = 0; i < batches; i++)
        {
            var counters = new Dictionary<string, long>(StringComparer.Ordinal)
            {
                [JobCounters.AttemptBatches(0)] = 1,
                [Calls] = i,
                [field] = i % 3 == 0 ? 10 : 0,
            };
            await Table.CommitBatchAsync(job.JobId, i % 5 == 0 ? Failed(i, counters: counters) : Done(i, counters: counters), CancellationToken.None);
        }

        var progress = await Table.GetProgressAsync(job.JobId, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(progress.Counter(JobCounters.AttemptBatches(0)), Is.EqualTo(batches));
            Assert.That(progress.Counter(Calls), Is.EqualTo(Enumerable.Range(0, batches).Sum()));
            Assert.That(progress.Counter(field), Is.EqualTo(70));
            Assert.That(progress.Counter("provider:other:calls"), Is.Zero);
            Assert.That(progress.Counters!.Keys, Is.EquivalentTo(new[] { JobCounters.AttemptBatches(0), Calls, field }));
        });
    }

    [Test]
    public async Task Counters_OfEveryCountedResultAdd_AlreadyCountedOnesDoNot()
    {
        var job = NewJob(NewJobId());
        await Table.TryCreateJobAsync(job, CancellationToken.None);

        await Table.CommitBatchAsync(job.JobId, Failed(0, counters: CallCount(1)), CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Failed(0, counters: CallCount(100)), CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Done(0, 50, 0, 50, counters: CallCount(10)), CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Done(0, 50, 0, 50, counters: CallCount(100)), CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Done(0, 90, 0, 10, attempt: 1, counters: CallCount(20)), CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Done(0, 90, 0, 10, attempt: 1, counters: CallCount(100)), CancellationToken.None);

        Assert.That((await Table.GetProgressAsync(job.JobId, CancellationToken.None)).Counter(Calls), Is.EqualTo(1 + 10 + 20));
    }

    [Test]
    public async Task Counters_OfConcurrentDifferentBatches_AreAllAdded()
    {
        const int batches = 24;
        var job = NewJob(NewJobId(), totalBatches: batches);
        await Table.TryCreateJobAsync(job, CancellationToken.None);

        await Task.WhenAll(Enumerable.Range(0, batches)
            .Select(i => Task.Run(() => Table.CommitBatchAsync(job.JobId, Done(i, counters: CallCount(3)), CancellationToken.None))));

        Assert.That((await Table.GetProgressAsync(job.JobId, CancellationToken.None)).Counter(Calls), Is.EqualTo(3 * batches));
    }

    [Test]
    public async Task ConcurrentDuplicateRevisionsOfOneBatch_AreCountedOnce()
    {
        var job = NewJob(NewJobId());
        await Table.TryCreateJobAsync(job, CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Done(0, 50, 0, 50), CancellationToken.None);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8)
            .Select(_ => Task.Run(() => Table.CommitBatchAsync(job.JobId, Done(0, 90, 0, 10, attempt: 1, counters: CallCount(1)), CancellationToken.None))));

        Assert.That(outcomes.Count(o => o == CommitOutcome.Counted), Is.EqualTo(1));
        await AssertRecordsAsync(job.JobId, ok: 90, invalid: 0, error: 10);
        Assert.That((await Table.GetProgressAsync(job.JobId, CancellationToken.None)).Counter(Calls), Is.EqualTo(1));
    }

    [Test]
    public async Task ConcurrentRevisionsAtDifferentAttempts_LeaveTheCountersEqualToTheStoredBatch()
    {
        var job = NewJob(NewJobId());
        await Table.TryCreateJobAsync(job, CancellationToken.None);
        await Table.CommitBatchAsync(job.JobId, Done(0, 50, 0, 50), CancellationToken.None);

        // Two deliveries of each of attempts 1..4; whichever order they land in, each attempt counts
        // at most once and the record counters track the batch item exactly.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8)
            .Select(i => 1 + (i % 4))
            .Select(attempt => Task.Run(() => Table.CommitBatchAsync(
                job.JobId, Done(0, 50 + (10 * attempt), 0, 50 - (10 * attempt), attempt, CallCount(1)), CancellationToken.None))));

        var counted = outcomes.Count(o => o == CommitOutcome.Counted);
        var entry = await RequireBatchAsync(job.JobId, 0);
        var progress = await Table.GetProgressAsync(job.JobId, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(counted, Is.InRange(1, 4));
            Assert.That(entry.Attempt, Is.EqualTo(4), "the highest attempt always ends up stored");
            Assert.That((entry.Ok, entry.Error), Is.EqualTo((90, 10)));
            Assert.That(progress.BatchesDone, Is.EqualTo(1));
            Assert.That((progress.RecordsOk, progress.RecordsError), Is.EqualTo((90L, 10L)));
            Assert.That(progress.Counter(Calls), Is.EqualTo(counted));
        });
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
