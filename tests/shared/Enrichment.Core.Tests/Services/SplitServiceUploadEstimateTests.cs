using System.Text;
using System.Text.Json;
using Enrichment.Core.Jobs;
using Enrichment.Core.Serialization;
using Enrichment.Testing.InMemory;

namespace Enrichment.Core.Tests.Services;

/// <summary>An upload reserved as a dry run: on arrival its list is checked and estimated, never run.</summary>
public sealed class SplitServiceUploadEstimateTests
{
    private static async Task<(InMemoryPipeline Pipeline, JobRecord Job)> ReserveAsync(string list)
    {
        var pipeline = new InMemoryPipeline();
        var request = InMemoryPipeline.Csv(string.Empty) with { InputName = "list.csv", DryRun = true };
        var job = (await pipeline.Split.ReserveUploadAsync(request, CancellationToken.None)).Value;
        pipeline.Store.Write(job.InputKey!, Encoding.UTF8.GetBytes(list));
        return (pipeline, job);
    }

    [Test]
    public async Task DryRunUpload_KeepsTheListsEstimate_EndsCompleted_SendsNothing_AndDeletesTheUpload()
    {
        var list = ContactLists.Csv(250, i => $"Person{(i + 1) / 2}@ACME.com");
        var (pipeline, job) = await ReserveAsync(list);

        var state = await pipeline.Split.SplitUploadAsync(job.JobId, "upload-1", InMemoryPipeline.Csv(list).OpenInput, 0, CancellationToken.None);

        var stored = (await pipeline.Table.GetJobAsync(job.JobId, CancellationToken.None))!;
        var expected = (await pipeline.Split.EstimateAsync(InMemoryPipeline.Csv(list), CancellationToken.None)).Value;
        Assert.Multiple(() =>
        {
            Assert.That(state, Is.EqualTo(JobState.Completed));
            Assert.That(stored.State, Is.EqualTo(JobState.Completed));
            Assert.That(stored.FinishedAt, Is.Not.Null);
            Assert.That(stored.TotalRecords, Is.EqualTo(250));
            Assert.That(
                JsonSerializer.Serialize(stored.Estimate, EnrichmentJsonContext.Default.JobEstimate!),
                Is.EqualTo(JsonSerializer.Serialize(expected, EnrichmentJsonContext.Default.JobEstimate)),
                "the same estimate as POST /jobs?dryRun=true of the same list");
            Assert.That(pipeline.Queue.Sent, Is.Empty);
            Assert.That(pipeline.Workflow.Started, Is.Empty);
            Assert.That(pipeline.Store.Keys, Does.Not.Contain(job.InputKey), "the upload is deleted");
        });
    }

    [Test]
    public async Task DryRunUpload_OfABadList_FailsTheJobWithTheLine_AndKeepsNoEstimate()
    {
        const string list = "email,name\na@b.com,Ann\nb@c.com,\"Bob\n";
        var (pipeline, job) = await ReserveAsync(list);

        var state = await pipeline.Split.SplitUploadAsync(job.JobId, "upload-1", InMemoryPipeline.Csv(list).OpenInput, 0, CancellationToken.None);

        var stored = (await pipeline.Table.GetJobAsync(job.JobId, CancellationToken.None))!;
        Assert.Multiple(() =>
        {
            Assert.That(state, Is.EqualTo(JobState.Failed));
            Assert.That(stored.Error, Does.Contain("line 3"));
            Assert.That(stored.Estimate, Is.Null);
            Assert.That(pipeline.Queue.Sent, Is.Empty);
        });
    }
}
