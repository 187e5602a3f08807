using Enrichment.Core.Batching;
using Enrichment.Core.Configuration;
using Enrichment.Core.Jobs;
using Enrichment.Core.Tests.Batching;
using Enrichment.Core.Workflow;
using Enrichment.Testing.InMemory;

namespace Enrichment.Core.Tests.Services;

/// <summary>The aggregate of a job in flight across the deploy of the second part format: its early parts are JSON.</summary>
public sealed class AggregatePartFormatTests
{
    private static readonly string List = ContactLists.Header + "\n"
        + string.Concat(Enumerable.Range(1, 20).Select(i => i % 2 == 0
            ? $"zoë{i}@acme.com,Zoë,Ñúñez,+1 415 555 01{i:D2},US,\"Acme \"\"East\"\"\",東京 {i}\n"
            : $"bob{i}@acme.com,bob,,,GB,{new string('x', 60 + i)},row {i}\n"));

    [Test]
    public async Task AJobWithJsonPartsOfTheVersionBefore_WritesTheOutputOfOneWithNewParts()
    {
        var options = new EnrichmentOptions { BatchSize = 5 };
        var now = await DeliveredAsync(options);
        var mixed = await DeliveredAsync(options);
        var rewritten = 0;
        foreach (var batch in new[] { 0, 2, 3 })
        {
            var entry = await mixed.Pipeline.Table.GetBatchAsync(mixed.JobId, batch, CancellationToken.None);
            var key = JobKeys.Part(mixed.JobId, batch, entry!.PartId);
            var records = new List<PartRecord>();
            await foreach (var record in PartFile.ReadAsync(mixed.Pipeline.Store, key, "part", CancellationToken.None))
            {
                records.Add(record);
            }

            mixed.Pipeline.Store.Write(key, PreviousParts.Bytes(records));
            rewritten += records.Count;
        }

        var expected = await AggregateAsync(now);
        var read = await AggregateAsync(mixed);

        Assert.That(rewritten, Is.EqualTo(15), "three of the four parts are JSON");
        Assert.That(ContactLists.DataLines(read), Has.Length.EqualTo(20));
        Assert.That(read, Is.EqualTo(expected));
    }

    private static async Task<(InMemoryPipeline Pipeline, string JobId)> DeliveredAsync(EnrichmentOptions options)
    {
        var pipeline = new InMemoryPipeline(options);
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(List), CancellationToken.None)).Value;
        Assert.That(await pipeline.DeliverAllAsync(), Is.Empty);
        return (pipeline, job.JobId);
    }

    private static async Task<string> AggregateAsync((InMemoryPipeline Pipeline, string JobId) job)
    {
        var output = await job.Pipeline.Aggregate.AggregateAsync(new AggregateInput(job.JobId, Attempt: 0), CancellationToken.None);
        Assert.That(output.Status, Is.EqualTo("completed"));
        return job.Pipeline.Store.ReadText(output.OutputKey!);
    }
}
