using Enrichment.Core.Configuration;
using Enrichment.Testing.InMemory;

namespace Enrichment.Core.Tests.Services;

public sealed class JobStatusServiceTests
{
    [Test]
    public async Task Status_OfAnUnknownJobIsNull()
    {
        var pipeline = new InMemoryPipeline();

        Assert.That(await pipeline.Status.GetAsync("nope", InMemoryPipeline.Owner, CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task Status_ShowsProgressWhileProcessingAndNoLink()
    {
        var pipeline = new InMemoryPipeline(new EnrichmentOptions { BatchSize = 10 });
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(40)), CancellationToken.None)).Value;
        var messages = pipeline.Queue.Drain();
        await pipeline.Processor.ProcessAsync(messages[0], deadline: null, CancellationToken.None);

        var view = await pipeline.Status.GetAsync(job.JobId, InMemoryPipeline.Owner, CancellationToken.None);

        Assert.That(view!.Status, Is.EqualTo("processing"));
        Assert.That(view.Progress, Is.EqualTo(0.25));
        Assert.That(view.Records.Total, Is.EqualTo(40));
        Assert.That(view.Records.Processed, Is.EqualTo(10));
        Assert.That(view.Batches.Total, Is.EqualTo(4));
        Assert.That(view.DownloadUrl, Is.Null);
    }

    [Test]
    public async Task Status_OfACompletedJobMintsAShortLivedLinkPerRequest()
    {
        var pipeline = new InMemoryPipeline(new EnrichmentOptions { DownloadUrlLifetime = TimeSpan.FromMinutes(5) });
        var (jobId, _) = await pipeline.RunAsync(InMemoryPipeline.Csv(ContactLists.Csv(3)));

        var first = await pipeline.Status.GetAsync(jobId, InMemoryPipeline.Owner, CancellationToken.None);
        pipeline.Time.Advance(TimeSpan.FromMinutes(1));
        var second = await pipeline.Status.GetAsync(jobId, InMemoryPipeline.Owner, CancellationToken.None);

        Assert.That(first!.Status, Is.EqualTo("completed"));
        Assert.That(first.Progress, Is.EqualTo(1.0));
        Assert.That(first.DownloadUrl, Does.Contain("lifetime=300"));
        Assert.That(first.DownloadUrl, Does.Contain("name=contacts-enriched.csv"));
        Assert.That(second!.DownloadExpiresAt, Is.EqualTo(first.DownloadExpiresAt!.Value.AddMinutes(1)));
    }

    [Test]
    public async Task Status_ListsFailedBatches()
    {
        var pipeline = new InMemoryPipeline(new EnrichmentOptions { BatchSize = 1 });
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(3)), CancellationToken.None)).Value;
        var messages = pipeline.Queue.Drain();
        await pipeline.Processor.RecordFailureAsync(messages[2], "test", CancellationToken.None);

        var view = await pipeline.Status.GetAsync(job.JobId, InMemoryPipeline.Owner, CancellationToken.None);

        Assert.That(view!.FailedBatches, Is.EqualTo(new[] { 2 }));
        Assert.That(view.Batches.Failed, Is.EqualTo(1));
    }

    [Test]
    public async Task Get_OfAnotherCallersJob_IsNotFound()
    {
        var pipeline = new InMemoryPipeline();
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(3)), CancellationToken.None)).Value;

        Assert.That(await pipeline.Status.GetAsync(job.JobId, "key:someone-else", CancellationToken.None), Is.Null);
        Assert.That(await pipeline.Status.GetAsync(job.JobId, InMemoryPipeline.Owner, CancellationToken.None), Is.Not.Null);
    }
}
