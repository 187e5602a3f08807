using Enrichment.Core.Jobs;
using Enrichment.Local.Host.Hosting;
using Enrichment.Testing.Jobs;

namespace Enrichment.Local.Host.Tests.Hosting;

/// <summary>The one-machine stand-ins for what AWS does between the functions.</summary>
public sealed class LocalPipelineTests
{
    [Test]
    public async Task UploadWhoseSplitKeepsFailing_IsGivenUp_AndItsJobFailsWithAReason()
    {
        using var temp = new TempDirectory();
        await using var pipeline = await LocalPipeline.StartAsync(new LocalSettings { DataDirectory = temp.File("data"), Workers = 1 }, CancellationToken.None);
        var now = DateTimeOffset.UtcNow;
        var job = TestJobs.Create("0000000000000000000000000000a11d", JobState.Accepted, now) with
        {
            ExpiresAt = now.AddDays(1),
            InputFormat = "Csv",
            OutputFormat = "Csv",
            Columns = [],
            TotalRecords = 0,
            TotalBatches = 0,
            InputName = "contacts.csv",
        };
        Assert.That(await pipeline.Table.TryCreateJobAsync(job, CancellationToken.None), Is.True);

        // The notification names an object that is not there: every attempt of the split fails.
        Assert.That(
            async () => await pipeline.NotifyUploadAsync(JobKeys.Upload(job.JobId, "contacts.csv"), CancellationToken.None),
            Throws.InstanceOf<FileNotFoundException>());

        var failed = await pipeline.Table.GetJobAsync(job.JobId, CancellationToken.None);
        Assert.That(failed!.State, Is.EqualTo(JobState.Failed));
        Assert.That(failed.Error, Is.EqualTo("the uploaded list could not be split after three attempts; upload it again"));
    }
}
