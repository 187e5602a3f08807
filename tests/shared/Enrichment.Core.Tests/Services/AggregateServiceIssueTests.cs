using System.Text.Json;
using Enrichment.Core.Configuration;
using Enrichment.Core.Serialization;
using Enrichment.Testing.InMemory;

namespace Enrichment.Core.Tests.Services;

/// <summary>The summary's list of records that did not end ok (what the web page shows).</summary>
public sealed class AggregateServiceIssueTests
{
    [Test]
    public async Task Aggregate_ListsErrorRowsFirstThenInvalidRows_WithTheirReasons()
    {
        var pipeline = new InMemoryPipeline(new EnrichmentOptions { BatchSize = 2 });
        var csv = "email,phone\nann@acme.com,\nbroken,\nbob@globex.io,\ncarl@initech.com,\n";
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(csv), CancellationToken.None)).Value;
        var messages = pipeline.Queue.Drain();
        await pipeline.Processor.ProcessAsync(messages[0], deadline: null, CancellationToken.None);
        await pipeline.Processor.RecordFailureAsync(messages[1], "dead-lettered after 5 receives", CancellationToken.None);

        var output = await pipeline.RunPollerAsync(job.JobId);

        var stored = await pipeline.Table.GetJobAsync(job.JobId, CancellationToken.None);
        var summary = JsonSerializer.Deserialize(pipeline.Store.Read(stored!.SummaryKey!), EnrichmentJsonContext.Default.JobSummary)!;
        Assert.That(output.Status, Is.EqualTo("completed_with_errors"));
        Assert.That(summary.Issues!.Select(i => (i.Row, i.Status)), Is.EqualTo(new[] { (3L, "error"), (4L, "error"), (2L, "invalid") }));
        Assert.That(summary.Issues![0].Errors, Is.EqualTo("batch_failed: dead-lettered after 5 receives"));
        Assert.That(summary.Issues![2].Errors, Does.StartWith("email_invalid: "));
        Assert.That(JsonSerializer.Serialize(summary, EnrichmentJsonContext.Default.JobSummary), Does.Not.Contain("broken"), "no contact value in the summary");
    }

    [Test]
    public async Task Aggregate_KeepsAtMostAHundredIssuesPerStatus()
    {
        var pipeline = new InMemoryPipeline(new EnrichmentOptions { BatchSize = 50 });
        var csv = "email\n" + string.Concat(Enumerable.Range(1, 250).Select(i => $"bad{i}\n"));

        var (jobId, _) = await pipeline.RunAsync(InMemoryPipeline.Csv(csv));

        var stored = await pipeline.Table.GetJobAsync(jobId, CancellationToken.None);
        var summary = JsonSerializer.Deserialize(pipeline.Store.Read(stored!.SummaryKey!), EnrichmentJsonContext.Default.JobSummary)!;
        Assert.That(summary.Invalid, Is.EqualTo(250));
        Assert.That(summary.Issues!.Select(i => i.Row), Is.EqualTo(Enumerable.Range(1, 100).Select(i => (long)i)));
    }
}
