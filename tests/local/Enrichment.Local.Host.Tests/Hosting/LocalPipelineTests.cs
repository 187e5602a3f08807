using System.Text.Json;
using Enrichment.Core.Jobs;
using Enrichment.Core.Serialization;
using Enrichment.Functions.Api;
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

    [Test]
    public async Task NextAggregateEnd_TakenBeforeAJobRuns_CompletesOnceItsAggregateHasFinishedTheJob()
    {
        using var temp = new TempDirectory();
        await using var pipeline = await LocalPipeline.StartAsync(new LocalSettings { DataDirectory = temp.File("data"), Workers = 1 }, CancellationToken.None);
        var list = "Email,Company\nada@example.com,Initech\nbob@example.org,Acme\n"u8.ToArray();
        var reserve = ApiEvents.Create(
            "POST",
            "/jobs/uploads",
            null,
            new Dictionary<string, string> { ["content-type"] = "application/json" },
            JsonSerializer.SerializeToUtf8Bytes(new UploadRequest(null, "csv", null, "contacts.csv", null, list.Length), ApiJsonContext.Default.UploadRequest),
            pipeline.Settings.BaseUrl.Authority,
            TimeProvider.System,
            BridgeSecurity.LocalCaller);
        var reserved = await pipeline.InvokeAsync(pipeline.Api, "api", reserve, CancellationToken.None);
        var upload = JsonSerializer.Deserialize(reserved.Body!, EnrichmentJsonContext.Default.UploadResponse)!;
        var link = new Uri(upload.UploadUrl);
        using (var body = new MemoryStream(list))
        {
            var put = await pipeline.Objects.HandleAsync("PUT", link.AbsolutePath, link.Query, body, CancellationToken.None, list.Length);
            Assert.That(put.StatusCode, Is.EqualTo(200));
        }

        var aggregated = pipeline.NextAggregateEnd;
        Assert.That(aggregated.IsCompleted, Is.False);

        await pipeline.NotifyUploadAsync(JobKeys.Upload(upload.JobId, "contacts.csv"), CancellationToken.None);

        // Bounded only so that a signal never given fails the test instead of hanging it.
        await aggregated.WaitAsync(TimeSpan.FromMinutes(2));
        var finished = await pipeline.Table.GetJobAsync(upload.JobId, CancellationToken.None);
        Assert.That(finished!.State.IsFinished(), Is.True);
        Assert.That(finished.State, Is.Not.EqualTo(JobState.Failed));
    }
}
