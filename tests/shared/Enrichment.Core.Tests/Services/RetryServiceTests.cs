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
        var job = await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(6)), CancellationToken.None);
        var messages = pipeline.Queue.Drain();
        await pipeline.Processor.ProcessAsync(messages[0], CancellationToken.None);
        await pipeline.Processor.RecordFailureAsync(messages[1], "poison", CancellationToken.None);
        await pipeline.Processor.ProcessAsync(messages[2], CancellationToken.None);
        var firstOutput = await pipeline.RunPollerAsync(job.JobId);

        var retried = await pipeline.Retry.RetryAsync(job.JobId, CancellationToken.None);
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
    public async Task Retry_OfAJobWithoutFailuresIsAConflict()
    {
        var pipeline = new InMemoryPipeline();
        var (jobId, _) = await pipeline.RunAsync(InMemoryPipeline.Csv(ContactLists.Csv(2)));

        var error = Assert.ThrowsAsync<RequestException>(() => pipeline.Retry.RetryAsync(jobId, CancellationToken.None));

        Assert.That(error!.StatusCode, Is.EqualTo(409));
    }

    [Test]
    public async Task Retry_OfARunningJobIsAConflict()
    {
        var pipeline = new InMemoryPipeline();
        var job = await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(2)), CancellationToken.None);

        var error = Assert.ThrowsAsync<RequestException>(() => pipeline.Retry.RetryAsync(job.JobId, CancellationToken.None));

        Assert.That(error!.StatusCode, Is.EqualTo(409));
        Assert.That(error.Message, Does.Contain("processing"));
    }

    [Test]
    public void Retry_OfAnUnknownJobIsNotFound()
    {
        var pipeline = new InMemoryPipeline();

        var error = Assert.ThrowsAsync<RequestException>(() => pipeline.Retry.RetryAsync("missing", CancellationToken.None));

        Assert.That(error!.StatusCode, Is.EqualTo(404));
    }

    [Test]
    public async Task Retry_IgnoresBatchesOfTheSupersededAttempt()
    {
        var pipeline = new InMemoryPipeline(new EnrichmentOptions { BatchSize = 2 });
        var job = await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(2)), CancellationToken.None);
        var message = pipeline.Queue.Drain().Single();
        await pipeline.Processor.RecordFailureAsync(message, "poison", CancellationToken.None);
        await pipeline.RunPollerAsync(job.JobId);
        await pipeline.Retry.RetryAsync(job.JobId, CancellationToken.None);

        var stale = await pipeline.Completion.CheckAsync(new Workflow.CheckCompletionInput(job.JobId, 0, 1), CancellationToken.None);

        Assert.That(stale.Done, Is.True, "the first attempt's poller ends at once");
        var stored = await pipeline.Table.GetJobAsync(job.JobId, CancellationToken.None);
        Assert.That(stored!.State, Is.EqualTo(JobState.Processing));
    }
}
