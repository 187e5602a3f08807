using Enrichment.Core.Configuration;
using Enrichment.Core.Jobs;
using Enrichment.Core.Services;
using Enrichment.Testing.InMemory;

namespace Enrichment.Core.Tests.Services;

public sealed class RetryServiceTests
{
    [Test]
    public async Task Retry_RedrivesFailedBatchesAndProducesANewCompleteOutput()
    {
        var pipeline = new InMemoryPipeline(new EnrichmentOptions { BatchSize = 2 });
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(6)), CancellationToken.None)).Value;
        var messages = pipeline.Queue.Drain();
        await pipeline.Processor.ProcessAsync(messages[0], deadline: null, CancellationToken.None);
        await pipeline.Processor.RecordFailureAsync(messages[1], "poison", CancellationToken.None);
        await pipeline.Processor.ProcessAsync(messages[2], deadline: null, CancellationToken.None);
        var firstOutput = await pipeline.RunPollerAsync(job.JobId);

        var retried = (await pipeline.Retry.RetryAsync(job.JobId, InMemoryPipeline.Owner, CancellationToken.None)).Value;
        var resent = pipeline.Queue.Sent;
        await pipeline.DeliverAllAsync();
        var secondOutput = await pipeline.RunPollerAsync(job.JobId, attempt: 1);

        Assert.That(firstOutput.Status, Is.EqualTo("completed_with_errors"));
        Assert.That(retried.State, Is.EqualTo(JobState.Processing));
        Assert.That(resent.Select(m => (m.BatchIndex, m.Attempt)), Is.EqualTo(new[] { (1, 1) }));
        Assert.That(pipeline.Workflow.Started.Keys, Does.Contain($"{job.JobId}-1"));
        Assert.That(secondOutput.Status, Is.EqualTo("completed"));
        Assert.That(secondOutput.OutputKey, Is.Not.EqualTo(firstOutput.OutputKey));
        var lines = ContactLists.DataLines(pipeline.Store.ReadText(secondOutput.OutputKey!));
        Assert.That(lines, Has.Length.EqualTo(6));
        Assert.That(lines, Has.None.Contains("batch_failed"));
    }

    [Test]
    public async Task Retry_FailedBatchWithinTheMessageBound_IsSentInline_WithNoPayloadObject()
    {
        var pipeline = new InMemoryPipeline(new EnrichmentOptions { BatchSize = 2 });
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(4)), CancellationToken.None)).Value;
        var messages = pipeline.Queue.Drain();
        await pipeline.Processor.RecordFailureAsync(messages[0], "poison", CancellationToken.None);
        await pipeline.Processor.ProcessAsync(messages[1], deadline: null, CancellationToken.None);
        await pipeline.RunPollerAsync(job.JobId);

        _ = (await pipeline.Retry.RetryAsync(job.JobId, InMemoryPipeline.Owner, CancellationToken.None)).Value;

        var resent = pipeline.Queue.Sent.Single();
        Assert.That((resent.PayloadKey, resent.Rows?.Count), Is.EqualTo(((string?)null, 2)));
        Assert.That(pipeline.Store.Keys, Does.Not.Contain(JobKeys.Payload(job.JobId, 0)));
    }

    [Test]
    public async Task Retry_FailedBatchOverTheMessageBound_GoesByClaimCheckWrittenFromItsKeptRows()
    {
        var pipeline = new InMemoryPipeline(new EnrichmentOptions { BatchSize = 2 });
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(4)), CancellationToken.None)).Value;
        var messages = pipeline.Queue.Drain();
        await pipeline.Processor.RecordFailureAsync(messages[0], "poison", CancellationToken.None);
        await pipeline.Processor.ProcessAsync(messages[1], deadline: null, CancellationToken.None);
        await pipeline.RunPollerAsync(job.JobId);
        var small = new InMemoryPipeline(new EnrichmentOptions { BatchSize = 2, MaxBatchBytes = 16 });
        var retry = new RetryService(pipeline.Table, pipeline.Queue, pipeline.Store, pipeline.Workflow, small.Options, pipeline.Time);

        _ = (await retry.RetryAsync(job.JobId, InMemoryPipeline.Owner, CancellationToken.None)).Value;

        var resent = pipeline.Queue.Sent.Single();
        Assert.That(resent.Rows, Is.Null);
        Assert.That(resent.PayloadKey, Is.EqualTo(JobKeys.Payload(job.JobId, 0)));
        var payload = System.Text.Json.JsonSerializer.Deserialize(pipeline.Store.ReadText(resent.PayloadKey!), Enrichment.Core.Serialization.EnrichmentJsonContext.Default.ListBatchRow);
        Assert.That(payload!, Has.Count.EqualTo(2), "the two kept rows of batch 0");
    }

    [Test]
    public async Task Retry_OfAJobWithoutFailuresIsAConflict()
    {
        var pipeline = new InMemoryPipeline();
        var (jobId, _) = await pipeline.RunAsync(InMemoryPipeline.Csv(ContactLists.Csv(2)));

        var error = (await pipeline.Retry.RetryAsync(jobId, InMemoryPipeline.Owner, CancellationToken.None)).Refusal;

        Assert.That(error, Is.InstanceOf<Refusal.Conflict>());
    }

    [Test]
    public async Task Retry_OfARunningJobIsAConflict()
    {
        var pipeline = new InMemoryPipeline();
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(2)), CancellationToken.None)).Value;

        var error = (await pipeline.Retry.RetryAsync(job.JobId, InMemoryPipeline.Owner, CancellationToken.None)).Refusal;

        Assert.That(error, Is.InstanceOf<Refusal.Conflict>());
        Assert.That(error!.Message, Does.Contain("processing"));
    }

    [Test]
    public async Task Retry_OfAnUnknownJobIsNotFound()
    {
        var pipeline = new InMemoryPipeline();

        var error = (await pipeline.Retry.RetryAsync("missing", InMemoryPipeline.Owner, CancellationToken.None)).Refusal;

        Assert.That(error, Is.InstanceOf<Refusal.NotFound>());
    }

    [Test]
    public async Task Retry_IgnoresBatchesOfTheSupersededAttempt()
    {
        var pipeline = new InMemoryPipeline(new EnrichmentOptions { BatchSize = 2 });
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(2)), CancellationToken.None)).Value;
        var message = pipeline.Queue.Drain().Single();
        await pipeline.Processor.RecordFailureAsync(message, "poison", CancellationToken.None);
        await pipeline.RunPollerAsync(job.JobId);
        _ = (await pipeline.Retry.RetryAsync(job.JobId, InMemoryPipeline.Owner, CancellationToken.None)).Value;

        var stale = await pipeline.Completion.CheckAsync(new Workflow.CheckCompletionInput(job.JobId, 0, 1), CancellationToken.None);

        Assert.That(stale.Done, Is.True, "the first attempt's poller ends at once");
        var stored = await pipeline.Table.GetJobAsync(job.JobId, CancellationToken.None);
        Assert.That(stored!.State, Is.EqualTo(JobState.Processing));
    }
}

public sealed class RetryServiceErrorRowTests
{
    private static readonly string[] Chain = ["normalize", "email", SwitchableProvider.Kind];

    [Test]
    public async Task Retry_RerunsOnlyTheErrorRowsOfDoneBatches()
    {
        var (pipeline, provider, jobId, firstOutput) = await JobWithProviderDownForBatchOneAsync();

        _ = (await pipeline.Retry.RetryAsync(jobId, InMemoryPipeline.Owner, CancellationToken.None)).Value;
        var resent = pipeline.Queue.Sent;
        var beforeDelivery = await pipeline.Completion.CheckAsync(new Workflow.CheckCompletionInput(jobId, 1, 1), CancellationToken.None);
        var seenBefore = provider.Seen;
        await pipeline.DeliverAllAsync();
        var secondOutput = await pipeline.RunPollerAsync(jobId, attempt: 1);

        Assert.That(firstOutput.Status, Is.EqualTo("completed_with_errors"));
        Assert.That(firstOutput.Error, Is.EqualTo(2));
        Assert.That(resent.Select(m => (m.BatchIndex, m.Attempt, m.ErrorsOnly, m.Rows)), Is.EqualTo(new[] { (1, 1, true, (IReadOnlyList<Enrichment.Core.Batching.BatchRow>?)null) }));
        Assert.That(beforeDelivery.Done, Is.False, "the retry's poller waits for the re-sent batch");
        Assert.That(provider.Seen - seenBefore, Is.EqualTo(2), "only the two error rows go to the provider again");
        Assert.That(secondOutput.Status, Is.EqualTo("completed"));
        Assert.That((secondOutput.Ok, secondOutput.Error), Is.EqualTo((6L, 0L)));
        var lines = ContactLists.DataLines(pipeline.Store.ReadText(secondOutput.OutputKey!));
        Assert.That(lines, Has.Length.EqualTo(6));
        Assert.That(lines, Has.All.Contains("Engineer"));
        Assert.That(lines, Has.None.Contains("provider_unavailable"));
        var status = await pipeline.Status.GetAsync(jobId, InMemoryPipeline.Owner, CancellationToken.None);
        Assert.That((status!.Records.Ok, status.Records.Error, status.Batches.Done), Is.EqualTo((6L, 0L, 3)));
        Assert.That(status.Attempt, Is.EqualTo(1));
    }

    [Test]
    public async Task Retry_ErrorRowsMessageDeliveredTwice_IsRunOnce()
    {
        var (pipeline, provider, jobId, _) = await JobWithProviderDownForBatchOneAsync();
        _ = (await pipeline.Retry.RetryAsync(jobId, InMemoryPipeline.Owner, CancellationToken.None)).Value;
        var message = pipeline.Queue.Drain().Single();
        var seenBefore = provider.Seen;

        var first = await pipeline.Processor.ProcessAsync(message, deadline: null, CancellationToken.None);
        var second = await pipeline.Processor.ProcessAsync(message, deadline: null, CancellationToken.None);

        Assert.That(first.Commit, Is.EqualTo(CommitOutcome.Counted));
        Assert.That(second.Commit, Is.EqualTo(CommitOutcome.AlreadyCounted));
        Assert.That(provider.Seen - seenBefore, Is.EqualTo(2));
        var progress = await pipeline.Table.GetProgressAsync(jobId, CancellationToken.None);
        Assert.That(progress.Counter(JobCounters.AttemptBatches(1)), Is.EqualTo(1));
    }

    [Test]
    public async Task Retry_ErrorRowsRunThatFailsAgain_KeepsTheBatchAndEndsTheRetry()
    {
        var (pipeline, provider, jobId, _) = await JobWithProviderDownForBatchOneAsync();
        _ = (await pipeline.Retry.RetryAsync(jobId, InMemoryPipeline.Owner, CancellationToken.None)).Value;
        var message = pipeline.Queue.Drain().Single();

        await pipeline.Processor.RecordFailureAsync(message, "failed on all 5 receives (TimeoutException)", CancellationToken.None);
        var output = await pipeline.RunPollerAsync(jobId, attempt: 1);

        Assert.That(output.Status, Is.EqualTo("completed_with_errors"));
        Assert.That((output.Ok, output.Error), Is.EqualTo((4L, 2L)), "the batch keeps its rows and results");
        var batch = await pipeline.Table.GetBatchAsync(jobId, 1, CancellationToken.None);
        Assert.That((batch!.Status, batch.Attempt), Is.EqualTo((BatchStatus.Done, 1)));
        var lines = ContactLists.DataLines(pipeline.Store.ReadText(output.OutputKey!));
        Assert.That(lines.Count(l => l.Contains("provider_unavailable", StringComparison.Ordinal)), Is.EqualTo(2));
        Assert.That(lines, Has.None.Contains("batch_failed"));
        Assert.That(provider.Down, Is.False);
    }

    [Test]
    public async Task Retry_OfAJobWithOnlyOkAndInvalidRows_IsAConflictNamingBoth()
    {
        var pipeline = new InMemoryPipeline();
        var (jobId, _) = await pipeline.RunAsync(InMemoryPipeline.Csv(ContactLists.Csv(3, i => i == 2 ? "not-an-email" : $"p{i}@acme.com")));

        var error = (await pipeline.Retry.RetryAsync(jobId, InMemoryPipeline.Owner, CancellationToken.None)).Refusal;

        Assert.That(error, Is.InstanceOf<Refusal.Conflict>());
        Assert.That(error!.Message, Does.Contain("no failed batches or error records"));
    }

    [Test]
    public async Task Status_ShowsProviderCountersSummedOverBatchesAndRetries()
    {
        var (pipeline, _, jobId, _) = await JobWithProviderDownForBatchOneAsync();
        _ = (await pipeline.Retry.RetryAsync(jobId, InMemoryPipeline.Owner, CancellationToken.None)).Value;
        await pipeline.DeliverAllAsync();
        var output = await pipeline.RunPollerAsync(jobId, attempt: 1);

        var status = await pipeline.Status.GetAsync(jobId, InMemoryPipeline.Owner, CancellationToken.None);
        var stats = status!.Providers!.Single();
        Assert.That(stats.Provider, Is.EqualTo(SwitchableProvider.Kind));
        Assert.That((stats.Calls, stats.Sent, stats.Matched), Is.EqualTo((4L, 8L, 6L)), "three batches, then one retry of two records");
        Assert.That(stats.MatchRate, Is.EqualTo(0.75));
        Assert.That(stats.Fields.Single(), Is.EqualTo(new FieldStatistics(SwitchableProvider.Column, 6, 0.75)));
        var summary = System.Text.Json.JsonSerializer.Deserialize(
            pipeline.Store.ReadText(JobKeys.Summary(jobId, 1)), Serialization.EnrichmentJsonContext.Default.JobSummary);
        Assert.That(summary!.Providers!.Single().Matched, Is.EqualTo(6));
        Assert.That(output.Status, Is.EqualTo("completed"));
    }

    /// <summary>Six contacts in three batches; the provider is down while batch 1 runs, then back up.</summary>
    private static async Task<(InMemoryPipeline Pipeline, SwitchableProvider Provider, string JobId, Workflow.AggregateOutput Output)> JobWithProviderDownForBatchOneAsync()
    {
        var pipeline = new InMemoryPipeline(new EnrichmentOptions { BatchSize = 2 });
        var (_, provider) = SwitchableProvider.Register(pipeline.Providers);
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(6), providers: Chain), CancellationToken.None)).Value;
        var messages = pipeline.Queue.Drain();
        await pipeline.Processor.ProcessAsync(messages[0], deadline: null, CancellationToken.None);
        provider.Down = true;
        await pipeline.Processor.ProcessAsync(messages[1], deadline: null, CancellationToken.None);
        provider.Down = false;
        await pipeline.Processor.ProcessAsync(messages[2], deadline: null, CancellationToken.None);
        var output = await pipeline.RunPollerAsync(job.JobId);
        return (pipeline, provider, job.JobId, output);
    }

    [Test]
    public async Task Retry_OfAnotherCallersJob_IsNotFoundAndChangesNothing()
    {
        var pipeline = new InMemoryPipeline();
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(3)), CancellationToken.None)).Value;
        var before = await pipeline.Table.GetJobAsync(job.JobId, CancellationToken.None);

        var error = (await pipeline.Retry.RetryAsync(job.JobId, "key:someone-else", CancellationToken.None)).Refusal;

        Assert.That(error, Is.InstanceOf<Refusal.NotFound>());
        Assert.That(error!.Message, Is.EqualTo($"job {job.JobId} not found"));
        var after = await pipeline.Table.GetJobAsync(job.JobId, CancellationToken.None);
        Assert.That((after!.State, after.Attempt, after.UpdatedAt), Is.EqualTo((before!.State, before.Attempt, before.UpdatedAt)));
    }

    [Test]
    public async Task Retry_BatchesFailedByStallDetection_AreSentAgainFromTheKeptList_AndTheOutputIsWhole()
    {
        var pipeline = new InMemoryPipeline(new EnrichmentOptions { BatchSize = 10, StallTimeout = TimeSpan.FromMinutes(30) });
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(30)), CancellationToken.None)).Value;
        await pipeline.Processor.ProcessAsync(pipeline.Queue.Drain()[0], deadline: null, CancellationToken.None);
        pipeline.Time.Advance(TimeSpan.FromMinutes(31));
        Assert.That((await pipeline.RunPollerAsync(job.JobId)).Status, Is.EqualTo("completed_with_errors"));

        _ = (await pipeline.Retry.RetryAsync(job.JobId, InMemoryPipeline.Owner, CancellationToken.None)).Value;
        var sent = pipeline.Queue.Sent;
        await pipeline.DeliverAllAsync();
        var output = await pipeline.RunPollerAsync(job.JobId, attempt: 1);

        Assert.That(sent.Select(m => (m.BatchIndex, m.Rows!.Count)), Is.EqualTo(new[] { (1, 10), (2, 10) }), "the stalled batches, rebuilt whole");
        Assert.That(output.Status, Is.EqualTo("completed"));
        var lines = ContactLists.DataLines(pipeline.Store.ReadText(output.OutputKey!));
        Assert.That(lines.Select(l => l.Split(',')[6]), Is.EqualTo(Enumerable.Range(1, 30).Select(i => $"row {i}")));
        Assert.That(lines.Select(l => l.Split(',')[7]), Is.All.EqualTo("ok"));
        Assert.That(pipeline.Store.MissedReads, Has.None.Contains("/failed/"), "no rows were kept for a stalled batch, so none are looked for");
    }

    [Test]
    public async Task Resend_OfARetryKilledBeforeItsSend_SendsEveryUncountedBatch_AndTheOutputIsWhole()
    {
        var pipeline = new InMemoryPipeline(new EnrichmentOptions { BatchSize = 10, StallTimeout = TimeSpan.FromMinutes(30) });
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(30)), CancellationToken.None)).Value;
        await pipeline.Processor.ProcessAsync(pipeline.Queue.Drain()[0], deadline: null, CancellationToken.None);
        pipeline.Time.Advance(TimeSpan.FromMinutes(31));
        await pipeline.RunPollerAsync(job.JobId);
        pipeline.Queue.KillOnCall = pipeline.Queue.Calls + 1;
        Assert.CatchAsync<OperationCanceledException>(() => pipeline.Retry.RetryAsync(job.JobId, InMemoryPipeline.Owner, CancellationToken.None));
        pipeline.Queue.KillOnCall = null;

        var resent = await pipeline.Retry.ResendAsync(job.JobId, 1, CancellationToken.None);
        await pipeline.DeliverAllAsync();
        var again = await pipeline.Retry.ResendAsync(job.JobId, 1, CancellationToken.None);
        var output = await pipeline.RunPollerAsync(job.JobId, attempt: 1);

        Assert.That(resent, Is.EqualTo(2), "the two stalled batches");
        Assert.That(again, Is.Zero, "a batch counted at the retry's attempt is not sent again");
        Assert.That(output.Status, Is.EqualTo("completed"));
        var lines = ContactLists.DataLines(pipeline.Store.ReadText(output.OutputKey!));
        Assert.That(lines.Select(l => l.Split(',')[6]), Is.EqualTo(Enumerable.Range(1, 30).Select(i => $"row {i}")));
        Assert.That(lines.Select(l => l.Split(',')[7]), Is.All.EqualTo("ok"));
    }
}
