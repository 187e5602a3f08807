using System.Text.Json;
using Enrichment.Core.Batching;
using Enrichment.Core.Configuration;
using Enrichment.Core.Costs;
using Enrichment.Core.Jobs;
using Enrichment.Core.Ports;
using Enrichment.Core.Providers;
using Enrichment.Core.Serialization;
using Enrichment.Core.Services;
using Enrichment.Core.Workflow;
using Enrichment.Testing.InMemory;
using Moq;

namespace Enrichment.Core.Tests.Services;

public sealed class WorkerServiceTests
{
    [Test]
    public async Task Process_WritesThePartAndCountsTheBatch()
    {
        var pipeline = new InMemoryPipeline();
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(3)), CancellationToken.None)).Value;

        var failed = await pipeline.DeliverAllAsync();

        Assert.That(failed, Is.Empty);
        var progress = await pipeline.Table.GetProgressAsync(job.JobId, CancellationToken.None);
        Assert.That(progress.BatchesDone, Is.EqualTo(1));
        Assert.That(progress.RecordsOk, Is.EqualTo(3));
        var entry = await pipeline.Table.GetBatchAsync(job.JobId, 0, CancellationToken.None);
        var part = new List<PartRecord>();
        await foreach (var record in PartFile.ReadAsync(pipeline.Store, JobKeys.Part(job.JobId, 0, entry!.PartId), "part", CancellationToken.None))
        {
            part.Add(record);
        }

        Assert.That(part, Has.Count.EqualTo(3));
        Assert.That(part[0].Row, Is.EqualTo(1));
        Assert.That(part[0].Values[0], Is.EqualTo("person1@acme.com"));
    }

    [Test]
    public async Task Worker_ABodyDeliveredAsUtf8Bytes_WritesThePartThatItsTextWould()
    {
        var csv = ContactLists.Header + "\nzoë@acme.com,Zoë,Ñúñez,+1 555 0100,US,\"Acme \"\"East\"\"\",東京\nbob@acme.com,bob,smith,,GB,Acme,\n";
        var asText = new InMemoryPipeline();
        var asBytes = new InMemoryPipeline();
        var textJob = (await asText.Split.SubmitAsync(InMemoryPipeline.Csv(csv), CancellationToken.None)).Value;
        var bytesJob = (await asBytes.Split.SubmitAsync(InMemoryPipeline.Csv(csv), CancellationToken.None)).Value;

        Assert.That(await asText.DeliverAllAsync(), Is.Empty);
        Assert.That(await asBytes.DeliverAllAsync(asUtf8: true), Is.Empty);

        var part = await PartTextAsync(asBytes, bytesJob.JobId, 0);
        // A part holds each value as its UTF-8, not \uXXXX.
        Assert.That(part, Does.Contain("Zoë"));
        Assert.That(part, Is.EqualTo(await PartTextAsync(asText, textJob.JobId, 0)));
    }

    [Test]
    public async Task Process_DuplicateDeliveryIsCountedOnceAndLeavesThePartUnchanged()
    {
        var pipeline = new InMemoryPipeline();
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(4)), CancellationToken.None)).Value;
        var message = pipeline.Queue.Sent.Single();
        await pipeline.DeliverAllAsync();
        var partBefore = await PartTextAsync(pipeline, job.JobId, 0);

        var again = await pipeline.Processor.ProcessAsync(message, deadline: null, CancellationToken.None);

        Assert.That(again.Commit, Is.EqualTo(CommitOutcome.AlreadyCounted));
        var progress = await pipeline.Table.GetProgressAsync(job.JobId, CancellationToken.None);
        Assert.That(progress.BatchesDone, Is.EqualTo(1));
        Assert.That(progress.RecordsProcessed, Is.EqualTo(4));
        Assert.That(await PartTextAsync(pipeline, job.JobId, 0), Is.EqualTo(partBefore));
    }

    [Test]
    public async Task Process_DropsABatchOfAJobThatIsGone()
    {
        var pipeline = new InMemoryPipeline();
        var message = new BatchMessage("gone", 0, 0, [new BatchRow(1, ["a@b.com"])]);

        var outcome = await pipeline.Processor.ProcessAsync(message, deadline: null, CancellationToken.None);

        Assert.That(outcome.Disposition, Is.EqualTo(BatchDisposition.Dropped));
        Assert.That(pipeline.Store.Keys, Is.Empty);
    }

    [Test]
    public async Task Process_ReadsAClaimCheckPayload()
    {
        var pipeline = new InMemoryPipeline(new EnrichmentOptions { MaxBatchBytes = 1_000 });
        var csv = ContactLists.Header + "\nann@acme.com,ann,smith,,US,Acme," + new string('y', 3_000) + "\n";
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(csv), CancellationToken.None)).Value;

        await pipeline.DeliverAllAsync();

        var progress = await pipeline.Table.GetProgressAsync(job.JobId, CancellationToken.None);
        Assert.That(progress.BatchesDone, Is.EqualTo(1));
        Assert.That(await PartTextAsync(pipeline, job.JobId, 0), Does.Contain("ann@acme.com"));
    }

    [Test]
    public async Task Worker_ReportsAFailingBatchForRedelivery()
    {
        var (worker, store, table) = WorkerWithFailingStore();
        var body = await SubmitOneAsync(store, table);

        var retry = await worker.HandleAsync([new QueueDelivery("m1", body.Body, ReceiveCount: 1, FromDeadLetterQueue: false)], deadline: null, CancellationToken.None);

        Assert.That(retry, Is.EqualTo(new[] { "m1" }));
    }

    [Test]
    public async Task Worker_RecordsTheBatchFailedOnItsLastReceive()
    {
        var (worker, store, table) = WorkerWithFailingStore();
        var body = await SubmitOneAsync(store, table);

        var retry = await worker.HandleAsync([new QueueDelivery("m1", body.Body, ReceiveCount: 5, FromDeadLetterQueue: false)], deadline: null, CancellationToken.None);

        Assert.That(retry, Is.Empty);
        var progress = await table.GetProgressAsync(body.JobId, CancellationToken.None);
        Assert.That(progress.BatchesFailed, Is.EqualTo(1));
        var batch = await table.ListBatchesAsync(body.JobId, CancellationToken.None).SingleAsync();
        Assert.That(batch.Reason, Does.Contain("IOException"));
    }

    [Test]
    public async Task Worker_DeadLetterIsRecordedAsFailedWithItsRowsKept()
    {
        var pipeline = new InMemoryPipeline();
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(3)), CancellationToken.None)).Value;

        var retry = await pipeline.DeliverAllAsync(receiveCount: 5, fromDeadLetterQueue: true);

        Assert.That(retry, Is.Empty);
        var progress = await pipeline.Table.GetProgressAsync(job.JobId, CancellationToken.None);
        Assert.That(progress.BatchesFailed, Is.EqualTo(1));
        Assert.That(progress.BatchesDone, Is.Zero);
        var kept = JsonSerializer.Deserialize(pipeline.Store.Read(JobKeys.Failed(job.JobId, 0)), EnrichmentJsonContext.Default.FailedBatch)!;
        Assert.That(kept.Rows.Select(r => r.Row), Is.EqualTo(new long[] { 1, 2, 3 }));
        Assert.That(kept.Reason, Does.Contain("dead-lettered"));
    }

    [Test]
    public async Task Worker_PoisonBatch_IsDeadLetteredAsErrorRows_AndARetryMakesTheOutputWhole()
    {
        // Row 11 is too big for a message and travels by claim check (a JSON Lines list's batches carry
        // their rows); its payload is gone, so its batch fails on every receive (a poison batch) and no
        // worker can keep its rows.
        var pipeline = new InMemoryPipeline(new EnrichmentOptions { BatchSize = 5, MaxBatchBytes = 2_000 });
        var list = new System.Text.StringBuilder();
        for (var i = 1; i <= 21; i++)
        {
            var company = i == 11 ? new string('y', 3_000) : "Acme";
            list.Append(System.Globalization.CultureInfo.InvariantCulture, $$$"""{"email":"person{{{i}}}@acme.com","first name":"ann","last name":"smith","phone":"+1 415 555 {{{i:D4}}}","country":"US","company":"{{{company}}}","notes":"row {{{i}}}"}""").Append('\n');
        }

        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Request(list.ToString(), Core.Input.InputFormat.JsonLines), CancellationToken.None)).Value;
        var poison = pipeline.Queue.Sent.Single(m => m.PayloadKey is not null);
        await pipeline.Store.DeleteAsync(poison.PayloadKey!, CancellationToken.None);

        var (handedBack, deadLettered, first, firstLines, _, second, secondLines) = await PoisonThenRetryAsync(pipeline, job.JobId, poison);

        Assert.That(handedBack, Has.Count.EqualTo(1), "the poison batch fails; the others are done");
        Assert.That(deadLettered, Is.Empty, "recorded from the dead-letter queue");
        Assert.That(first.Status, Is.EqualTo("completed_with_errors"));
        Assert.That(firstLines.Select(l => l.Split(',')[6]), Is.EqualTo(Enumerable.Range(1, 21).Select(i => $"row {i}")), "every row once, in order, the poison one too");
        Assert.That(firstLines[10].Split(',')[7], Is.EqualTo("error"));
        Assert.That(second.Status, Is.EqualTo("completed"), "the retry planned the batch again from the kept list and sent it by claim check");
        Assert.That(secondLines.Select(l => l.Split(',')[6]), Is.EqualTo(Enumerable.Range(1, 21).Select(i => $"row {i}")));
        Assert.That(secondLines.Select(l => l.Split(',')[7]), Is.All.EqualTo("ok"));
    }

    [Test]
    public async Task Worker_ARangeThatNoLongerHoldsItsRows_FailsItsBatch_AndARetryMakesTheOutputWhole()
    {
        // The batch names more records than its range holds, as it would if the list changed after the
        // split: it fails on every receive, is dead-lettered with no rows kept, and its error rows and
        // the retry's rows are planned again from the kept list.
        var pipeline = new InMemoryPipeline(new EnrichmentOptions { BatchSize = 5 });
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(21)), CancellationToken.None)).Value;
        var sent = pipeline.Queue.Drain();
        var poison = sent[2] with { Range = sent[2].Range! with { Rows = 6 } };
        foreach (var message in sent.Select(m => m.BatchIndex == 2 ? poison : m))
        {
            await pipeline.Queue.SendAsync([message], CancellationToken.None);
        }

        var (handedBack, deadLettered, first, firstLines, failedReason, second, secondLines) = await PoisonThenRetryAsync(pipeline, job.JobId, poison);

        Assert.That(handedBack, Has.Count.EqualTo(1), "the batch whose range reads wrong fails; the others are done");
        Assert.That(deadLettered, Is.Empty);
        Assert.That(failedReason, Does.Contain("rows could not be read"));
        Assert.That(first.Status, Is.EqualTo("completed_with_errors"));
        Assert.That(firstLines.Select(l => l.Split(',')[6]), Is.EqualTo(Enumerable.Range(1, 21).Select(i => $"row {i}")), "every row once, in order");
        Assert.That(firstLines.Skip(10).Take(5).Select(l => l.Split(',')[7]), Is.All.EqualTo("error"));
        Assert.That(second.Status, Is.EqualTo("completed"));
        Assert.That(secondLines.Select(l => l.Split(',')[7]), Is.All.EqualTo("ok"));
    }

    [Test]
    public async Task Worker_LateSuccessAfterAFailureMovesTheBatchToDone()
    {
        var pipeline = new InMemoryPipeline();
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(3)), CancellationToken.None)).Value;
        var message = pipeline.Queue.Sent.Single();
        await pipeline.Processor.RecordFailureAsync(message, "test failure", CancellationToken.None);

        var outcome = await pipeline.Processor.ProcessAsync(message, deadline: null, CancellationToken.None);

        Assert.That(outcome.Commit, Is.EqualTo(CommitOutcome.Counted));
        var progress = await pipeline.Table.GetProgressAsync(job.JobId, CancellationToken.None);
        Assert.That((progress.BatchesDone, progress.BatchesFailed), Is.EqualTo((1, 0)));
    }

    [Test]
    public async Task Worker_LateDuplicateOfAnOlderAttempt_LeavesTheRevisedPartAndCountsAlone()
    {
        var pipeline = new InMemoryPipeline();
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(3)), CancellationToken.None)).Value;
        var first = pipeline.Queue.Sent.Single();
        await pipeline.DeliverAllAsync();
        // A retry (attempt 1) revises the batch; then attempt 0's message arrives once more, late.
        var stored = (await pipeline.Table.GetJobAsync(job.JobId, CancellationToken.None))!;
        Assert.That(await pipeline.Table.TryUpdateJobAsync(stored with { Attempt = 1, RetriedBatches = 1 }, stored.State, CancellationToken.None), Is.True);
        var revision = await pipeline.Processor.ProcessAsync(first with { Attempt = 1, Rows = null, ErrorsOnly = true }, deadline: null, CancellationToken.None);
        Assert.That(revision.Commit, Is.EqualTo(CommitOutcome.Counted));
        var revised = await pipeline.Table.GetBatchAsync(job.JobId, 0, CancellationToken.None);
        var revisedPart = await PartTextAsync(pipeline, job.JobId, 0);
        var progressBefore = await pipeline.Table.GetProgressAsync(job.JobId, CancellationToken.None);

        var late = await pipeline.Processor.ProcessAsync(first, deadline: null, CancellationToken.None);

        Assert.That(late.Commit, Is.EqualTo(CommitOutcome.Refused));
        Assert.That(await pipeline.Table.GetBatchAsync(job.JobId, 0, CancellationToken.None), Is.EqualTo(revised));
        Assert.That(await PartTextAsync(pipeline, job.JobId, 0), Is.EqualTo(revisedPart));
        var progress = await pipeline.Table.GetProgressAsync(job.JobId, CancellationToken.None);
        Assert.That((progress.BatchesDone, progress.RecordsProcessed, progress.Counter(JobCounters.AttemptBatches(1))), Is.EqualTo((1, 3L, 1L)));
        Assert.That(progress.Counter(JobCounters.AttemptBatches(0)), Is.EqualTo(progressBefore.Counter(JobCounters.AttemptBatches(0))));
    }

    [Test]
    public async Task Worker_DeadLetterThatCannotBeRecorded_IsRedeliveredABoundedNumberOfTimesThenDropped()
    {
        var table = new InMemoryControlTable();
        var store = new Mock<IObjectStore>();
        store.Setup(s => s.PutAsync(It.Is<string>(k => k.Contains("/failed/", StringComparison.Ordinal)), It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new IOException("store down (test)"));
        var log = new RecordingLogger();
        var options = new EnrichmentOptions();
        var usage = new UsageTallyAccessor();
        var worker = new WorkerService(new BatchProcessor(table, store.Object, new ProviderFactory(), usage), options, log, usage);
        var body = await SubmitOneAsync(store, table);
        var last = options.MaxReceiveCount + WorkerService.DeadLetterRecordAttempts;

        var answers = new List<IReadOnlyList<string>>();
        for (var receive = options.MaxReceiveCount + 1; receive <= last; receive++)
        {
            answers.Add(await worker.HandleAsync([new QueueDelivery("m1", body.Body, receive, FromDeadLetterQueue: true)], deadline: null, CancellationToken.None));
        }

        Assert.That(answers.Take(answers.Count - 1), Is.All.EqualTo(new[] { "m1" }), "handed back while tries remain");
        Assert.That(answers[^1], Is.Empty, "dropped on the last try");
        Assert.That(log.Lines.Count(l => l.Contains("dead_letter_record_dropped", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That((await table.GetProgressAsync(body.JobId, CancellationToken.None)).BatchesFinished, Is.Zero);
    }

    [Test]
    public async Task Worker_DeadLetterRecordedOnASecondTry_IsCountedOnce()
    {
        var table = new InMemoryControlTable();
        var store = new Mock<IObjectStore>();
        store.SetupSequence(s => s.PutAsync(It.Is<string>(k => k.Contains("/failed/", StringComparison.Ordinal)), It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new IOException("store down (test)"))
            .Returns(Task.CompletedTask);
        var usage = new UsageTallyAccessor();
        var worker = new WorkerService(new BatchProcessor(table, store.Object, new ProviderFactory(), usage), new EnrichmentOptions(), new RecordingLogger(), usage);
        var body = await SubmitOneAsync(store, table);

        var firstTry = await worker.HandleAsync([new QueueDelivery("m1", body.Body, 6, FromDeadLetterQueue: true)], deadline: null, CancellationToken.None);
        var secondTry = await worker.HandleAsync([new QueueDelivery("m1", body.Body, 7, FromDeadLetterQueue: true)], deadline: null, CancellationToken.None);

        Assert.That(firstTry, Is.EqualTo(new[] { "m1" }));
        Assert.That(secondTry, Is.Empty);
        Assert.That((await table.GetProgressAsync(body.JobId, CancellationToken.None)).BatchesFailed, Is.EqualTo(1));
    }

    [Test]
    public async Task Worker_EnrichesTheNextBatchWhileThePreviousPartIsStillBeingWritten()
    {
        var table = new InMemoryControlTable();
        var store = new Mock<IObjectStore>();
        var firstPartWritten = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondPartStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var parts = 0;
        store.Setup(s => s.PutAsync(It.Is<string>(k => k.Contains("/parts/", StringComparison.Ordinal)), It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                if (Interlocked.Increment(ref parts) == 1)
                {
                    return firstPartWritten.Task;
                }

                secondPartStarted.TrySetResult();
                return Task.CompletedTask;
            });
        KeepListsIn(store, new InMemoryObjectStore());
        var options = new EnrichmentOptions { BatchSize = 2 };
        var queue = new RecordingBatchQueue();
        var split = new SplitService(table, queue, store.Object, new RecordingWorkflowStarter(), new ProviderFactory(), options, TimeProvider.System, new UsageTallyAccessor());
        var job = (await split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(4)), CancellationToken.None)).Value;
        var usage = new UsageTallyAccessor();
        var worker = new WorkerService(new BatchProcessor(table, store.Object, new ProviderFactory(), usage), options, new RecordingLogger(), usage);
        var deliveries = queue.Sent.Select((m, i) => new QueueDelivery($"m{i}", JsonSerializer.Serialize(m, EnrichmentJsonContext.Default.BatchMessage), 1, false)).ToList();
        Assert.That(deliveries, Has.Count.EqualTo(2));

        var handling = worker.HandleAsync(deliveries, deadline: null, CancellationToken.None);

        // The second batch is enriched and its part written while the first's write is still pending.
        await secondPartStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(handling.IsCompleted, Is.False, "the invocation ends only once every commit has");
        firstPartWritten.SetResult();
        Assert.That(await handling.WaitAsync(TimeSpan.FromSeconds(30)), Is.Empty);
        var progress = await table.GetProgressAsync(job.JobId, CancellationToken.None);
        Assert.That(progress.BatchesDone, Is.EqualTo(2));
        Assert.That(progress.RecordsProcessed, Is.EqualTo(4));
    }

    [Test]
    public async Task Worker_DropsAnUnreadableMessageOnlyFromTheDeadLetterQueue()
    {
        var pipeline = new InMemoryPipeline();

        var fromMain = await pipeline.Worker.HandleAsync([new QueueDelivery("m1", "not json", 1, false)], deadline: null, CancellationToken.None);
        var fromDlq = await pipeline.Worker.HandleAsync([new QueueDelivery("m2", "not json", 1, true)], deadline: null, CancellationToken.None);

        Assert.That(fromMain, Is.EqualTo(new[] { "m1" }));
        Assert.That(fromDlq, Is.Empty);
        Assert.That(pipeline.Log.Lines, Has.Some.Contains("unreadable message m2"));
    }

    [Test]
    public async Task Worker_NeverLogsContactData()
    {
        var pipeline = new InMemoryPipeline();
        _ = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(20)), CancellationToken.None)).Value;

        await pipeline.DeliverAllAsync();

        Assert.That(pipeline.Log.Lines, Is.Not.Empty);
        Assert.That(pipeline.Log.Lines, Has.None.Contains("@acme.com"));
        Assert.That(pipeline.Log.Lines, Has.None.Contains("555"));
    }

    private static (WorkerService Worker, Mock<IObjectStore> Store, InMemoryControlTable Table) WorkerWithFailingStore()
    {
        var table = new InMemoryControlTable();
        var store = new Mock<IObjectStore>();
        store.Setup(s => s.PutAsync(It.Is<string>(k => k.Contains("/parts/", StringComparison.Ordinal)), It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new IOException("store down (test)"));
        var usage = new UsageTallyAccessor();
        var processor = new BatchProcessor(table, store.Object, new ProviderFactory(), usage);
        return (new WorkerService(processor, new EnrichmentOptions(), new RecordingLogger(), usage), store, table);
    }

    private static async Task<(string JobId, string Body)> SubmitOneAsync(Mock<IObjectStore> store, InMemoryControlTable table)
    {
        var queue = new RecordingBatchQueue();

        // The split keeps the list (and the worker reads its batch's range there); the store's other calls are the test's to set.
        KeepListsIn(store, new InMemoryObjectStore());
        var split = new SplitService(table, queue, store.Object, new RecordingWorkflowStarter(), new ProviderFactory(), new EnrichmentOptions(), TimeProvider.System, new UsageTallyAccessor());
        var result = (await split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(2)), CancellationToken.None)).Value;
        return (result.JobId, JsonSerializer.Serialize(queue.Sent.Single(), EnrichmentJsonContext.Default.BatchMessage));
    }

    /// <summary>The part the committed batch item names (each run writes its own).</summary>
    /// <summary>
    /// Delivers the job's batches once (the poison one fails), records the poison one from the
    /// dead-letter queue, runs the poller, then retries the job and runs its poller again.
    /// </summary>
    private static async Task<(IReadOnlyList<string> HandedBack, IReadOnlyList<string> DeadLettered, AggregateOutput First, string[] FirstLines, string? FailedReason, AggregateOutput Second, string[] SecondLines)> PoisonThenRetryAsync(
        InMemoryPipeline pipeline,
        string jobId,
        BatchMessage poison)
    {
        var handedBack = await pipeline.DeliverAllAsync();
        var deadLettered = await pipeline.Worker.HandleAsync(
            [new QueueDelivery("dlq-1", JsonSerializer.Serialize(poison, EnrichmentJsonContext.Default.BatchMessage), 6, FromDeadLetterQueue: true)],
            deadline: null,
            CancellationToken.None);
        var first = await pipeline.RunPollerAsync(jobId);
        var firstLines = ContactLists.DataLines(pipeline.Store.ReadText(first.OutputKey!));
        var failed = await pipeline.Table.GetBatchAsync(jobId, poison.BatchIndex, CancellationToken.None);

        _ = (await pipeline.Retry.RetryAsync(jobId, InMemoryPipeline.Owner, CancellationToken.None)).Value;
        await pipeline.DeliverAllAsync();
        var second = await pipeline.RunPollerAsync(jobId, attempt: 1);
        return (handedBack, deadLettered, first, firstLines, failed?.Reason, second, ContactLists.DataLines(pipeline.Store.ReadText(second.OutputKey!)));
    }

    /// <summary>The split's kept list goes to <paramref name="kept"/>, and the worker's ranges are read from it.</summary>
    private static void KeepListsIn(Mock<IObjectStore> store, InMemoryObjectStore kept)
    {
        store.Setup(s => s.StartUploadAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns((string key, string contentType, CancellationToken token) => kept.StartUploadAsync(key, contentType, token));
        store.Setup(s => s.ReadRangeAsync(It.IsAny<string>(), It.IsAny<long>(), It.IsAny<Memory<byte>>(), It.IsAny<CancellationToken>()))
            .Returns((string key, long offset, Memory<byte> destination, CancellationToken token) => kept.ReadRangeAsync(key, offset, destination, token));
    }

    private static async Task<string> PartTextAsync(InMemoryPipeline pipeline, string jobId, int batchIndex)
    {
        var entry = await pipeline.Table.GetBatchAsync(jobId, batchIndex, CancellationToken.None);
        Assert.That(entry?.PartId, Is.Not.Null, $"batch {batchIndex} has no committed part");
        return pipeline.Store.ReadText(JobKeys.Part(jobId, batchIndex, entry!.PartId));
    }
}
