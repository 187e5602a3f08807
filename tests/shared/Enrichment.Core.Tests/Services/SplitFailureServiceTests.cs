using Enrichment.Core.Jobs;
using Enrichment.Core.Services;
using Enrichment.Testing.InMemory;

namespace Enrichment.Core.Tests.Services;

public sealed class SplitFailureServiceTests
{
    private static async Task<(InMemoryPipeline Pipeline, string JobId, string Key)> ReservedUploadAsync()
    {
        var pipeline = new InMemoryPipeline();
        var reserved = (await pipeline.Uploads.ReserveAsync("csv", "csv", null, "contacts.csv", 100, "caller-1", id => "/jobs/" + id, CancellationToken.None)).Value;
        return (pipeline, reserved.JobId, JobKeys.Upload(reserved.JobId, "contacts.csv"));
    }

    private static SplitFailureService Service(InMemoryPipeline pipeline) => new(pipeline.Table, pipeline.Time, pipeline.Log);

    [Test]
    public async Task Fail_JobStillAccepted_IsFailedWithAReason()
    {
        var (pipeline, jobId, key) = await ReservedUploadAsync();

        var outcome = await Service(pipeline).FailAsync(key, tooOld: false, CancellationToken.None);

        var job = await pipeline.Table.GetJobAsync(jobId, CancellationToken.None);
        Assert.That(outcome, Is.EqualTo(SplitFailureOutcome.MarkedFailed));
        Assert.That(job!.State, Is.EqualTo(JobState.Failed));
        Assert.That(job.Error, Is.EqualTo("the uploaded list could not be split after three attempts; upload it again"));
        Assert.That(job.FinishedAt, Is.Not.Null);
    }

    [Test]
    public async Task Fail_EventTooOld_SaysSo()
    {
        var (pipeline, jobId, key) = await ReservedUploadAsync();

        await Service(pipeline).FailAsync(key, tooOld: true, CancellationToken.None);

        Assert.That((await pipeline.Table.GetJobAsync(jobId, CancellationToken.None))!.Error, Does.Contain("in time"));
    }

    [Test]
    public async Task Fail_JobSplitAfterAll_IsLeftAlone()
    {
        var (pipeline, jobId, key) = await ReservedUploadAsync();
        await pipeline.Store.PutAsync(key, "email\nann@acme.com\n"u8.ToArray(), "text/csv", CancellationToken.None);
        await pipeline.Split.SplitUploadAsync(jobId, "upload-1", async ct => (await pipeline.Store.OpenReadAsync(key, ct))!, 0, CancellationToken.None);
        var before = await pipeline.Table.GetJobAsync(jobId, CancellationToken.None);

        var outcome = await Service(pipeline).FailAsync(key, tooOld: false, CancellationToken.None);

        Assert.That(outcome, Is.EqualTo(SplitFailureOutcome.AlreadyMovedOn));
        Assert.That(await pipeline.Table.GetJobAsync(jobId, CancellationToken.None), Is.EqualTo(before));
    }

    [TestCase("uploads/no-such-job/contacts.csv")]
    [TestCase("jobs/x/parts/0")]
    public async Task Fail_NoJobForTheKey_ChangesNothing(string key)
    {
        var pipeline = new InMemoryPipeline();

        Assert.That(await Service(pipeline).FailAsync(key, tooOld: false, CancellationToken.None), Is.EqualTo(SplitFailureOutcome.NoJob));
    }
}
