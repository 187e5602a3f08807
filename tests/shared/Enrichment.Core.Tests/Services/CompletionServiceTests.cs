using Enrichment.Core.Configuration;
using Enrichment.Core.Jobs;
using Enrichment.Core.Workflow;
using Enrichment.Testing.InMemory;

namespace Enrichment.Core.Tests.Services;

public sealed class CompletionServiceTests
{
    [Test]
    public async Task Check_IsNotDoneWhileBatchesAreOutstanding_AndBacksOff()
    {
        var pipeline = new InMemoryPipeline(new EnrichmentOptions { BatchSize = 10 });
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(30)), CancellationToken.None)).Value;

        var first = await pipeline.Completion.CheckAsync(new CheckCompletionInput(job.JobId, 0, 1), CancellationToken.None);
        var later = await pipeline.Completion.CheckAsync(new CheckCompletionInput(job.JobId, 0, 16), CancellationToken.None);

        Assert.That(first.Done, Is.False);
        Assert.That(first.WaitSeconds, Is.EqualTo(2));
        Assert.That(first.TotalBatches, Is.EqualTo(3));
        Assert.That(later.WaitSeconds, Is.EqualTo(20), "the wait is capped");
    }

    [Test]
    public async Task Check_IsDoneWhenEveryBatchFinished_CountingFailedOnes()
    {
        var pipeline = new InMemoryPipeline(new EnrichmentOptions { BatchSize = 10 });
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(20)), CancellationToken.None)).Value;
        var messages = pipeline.Queue.Drain();
        await pipeline.Processor.ProcessAsync(messages[0], deadline: null, CancellationToken.None);
        await pipeline.Processor.RecordFailureAsync(messages[1], "test", CancellationToken.None);

        var result = await pipeline.Completion.CheckAsync(new CheckCompletionInput(job.JobId, 0, 1), CancellationToken.None);

        Assert.That(result.Done, Is.True);
        Assert.That(result.BatchesFinished, Is.EqualTo(2));
    }

    [Test]
    public async Task Check_FailsStalledBatchesSoTheJobEnds()
    {
        var pipeline = new InMemoryPipeline(new EnrichmentOptions { BatchSize = 10, StallTimeout = TimeSpan.FromMinutes(30) });
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(30)), CancellationToken.None)).Value;
        var messages = pipeline.Queue.Drain();
        await pipeline.Processor.ProcessAsync(messages[0], deadline: null, CancellationToken.None);
        pipeline.Time.Advance(TimeSpan.FromMinutes(31));

        var result = await pipeline.Completion.CheckAsync(new CheckCompletionInput(job.JobId, 0, 20), CancellationToken.None);

        Assert.That(result.Done, Is.True);
        var progress = await pipeline.Table.GetProgressAsync(job.JobId, CancellationToken.None);
        Assert.That((progress.BatchesDone, progress.BatchesFailed), Is.EqualTo((1, 2)));
        var reasons = await pipeline.Table.ListBatchesAsync(job.JobId, CancellationToken.None).Where(b => b.Status == BatchStatus.Failed).Select(b => b.Reason).ToListAsync();
        Assert.That(reasons, Is.All.Contains("stalled"));
    }

    [Test]
    public async Task Check_FailsAnUploadThatNeverArrived()
    {
        var pipeline = new InMemoryPipeline(new EnrichmentOptions { StallTimeout = TimeSpan.FromMinutes(30) });
        var job = (await pipeline.Split.ReserveUploadAsync(InMemoryPipeline.Csv(string.Empty), CancellationToken.None)).Value;

        var early = await pipeline.Completion.CheckAsync(new CheckCompletionInput(job.JobId, 0, 1), CancellationToken.None);
        pipeline.Time.Advance(TimeSpan.FromMinutes(45));
        var late = await pipeline.Completion.CheckAsync(new CheckCompletionInput(job.JobId, 0, 1), CancellationToken.None);

        Assert.That(early.Done, Is.False);
        Assert.That(late.Done, Is.True);
        var stored = await pipeline.Table.GetJobAsync(job.JobId, CancellationToken.None);
        Assert.That(stored!.State, Is.EqualTo(JobState.Failed));
        Assert.That(stored.Error, Does.Contain("never"));
    }

    [Test]
    public async Task Check_OfAMissingJobEndsThePoller()
    {
        var pipeline = new InMemoryPipeline();

        var result = await pipeline.Completion.CheckAsync(new CheckCompletionInput("missing", 0, 1), CancellationToken.None);

        Assert.That(result.Done, Is.True);
    }

    [Test]
    public async Task Check_OfASupersededAttemptEndsThatPoller()
    {
        var pipeline = new InMemoryPipeline();
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(3)), CancellationToken.None)).Value;
        var stored = await pipeline.Table.GetJobAsync(job.JobId, CancellationToken.None);
        await pipeline.Table.TryUpdateJobAsync(stored! with { Attempt = 1 }, JobState.Processing, CancellationToken.None);

        var result = await pipeline.Completion.CheckAsync(new CheckCompletionInput(job.JobId, 0, 1), CancellationToken.None);

        Assert.That(result.Done, Is.True);
    }

    [Test]
    public async Task Check_FailsASplitCutShort_AndFreesItsIdempotencyKey()
    {
        var pipeline = new InMemoryPipeline(new EnrichmentOptions { BatchSize = 10, StallTimeout = TimeSpan.FromMinutes(30) });
        pipeline.Queue.KillOnCall = 1;
        var request = InMemoryPipeline.Csv(ContactLists.Csv(30), idempotencyKey: "k-1");
        Assert.CatchAsync<OperationCanceledException>(() => pipeline.Split.SubmitAsync(request, CancellationToken.None));
        var cut = pipeline.Workflow.Started.Single().Value.JobId;
        pipeline.Time.Advance(TimeSpan.FromMinutes(31));

        var check = await pipeline.Completion.CheckAsync(new CheckCompletionInput(cut, 0, 20), CancellationToken.None);
        var again = (await pipeline.Split.SubmitAsync(request, CancellationToken.None)).Value;

        Assert.That(check.Done, Is.True);
        Assert.That((await pipeline.Table.GetJobAsync(cut, CancellationToken.None))!.State, Is.EqualTo(JobState.Failed));
        Assert.That(again.JobId, Is.Not.EqualTo(cut), "the key was freed: the client's retry made a new job");
        Assert.That(again.Replayed, Is.False);
    }
}
