using Enrichment.Core.Jobs;
using Enrichment.Core.Providers.Http;
using Enrichment.Core.Services;
using Enrichment.Core.Tests.Providers.Http;
using Enrichment.FakePersonApi;
using Enrichment.Testing.InMemory;

namespace Enrichment.Core.Tests.Services;

public sealed class BatchProcessorDeadlineTests
{
    private const string Csv = "email\nann@acme.com\nbob@globex.org\n";

    [Test]
    public async Task Batch_WithNoTimeLeftForTheHttpProviderIsCommittedWithErrorRowsThatARetryEnriches()
    {
        await using var server = await FakePersonApiServer.StartAsync();
        using var client = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var definition = FakeApiDefinitions.Definition("fakeperson", server, bulk: true, new Dictionary<string, string> { ["person_company"] = "employment.company" });
        using var provider = new HttpProvider(definition, client, TimeProvider.System);
        var pipeline = new InMemoryPipeline();
        pipeline.Providers.Register("fakeperson", () => provider);
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(Csv, providers: ["fakeperson"]), CancellationToken.None)).Value;
        var message = pipeline.Queue.Drain().Single();

        // The providers' clock: the deadline is as near as the reserve, so there is no time to call.
        var outcome = await pipeline.Processor.ProcessAsync(message, TimeProvider.System.GetUtcNow() + HttpProvider.DeadlineReserve, CancellationToken.None);
        var first = await pipeline.RunPollerAsync(job.JobId);
        var callsBeforeRetry = server.State.RequestCount;

        _ = (await pipeline.Retry.RetryAsync(job.JobId, InMemoryPipeline.Owner, CancellationToken.None)).Value;
        await pipeline.DeliverAllAsync();
        var second = await pipeline.RunPollerAsync(job.JobId, attempt: 1);

        var firstText = pipeline.Store.ReadText(first.OutputKey!);
        var secondText = pipeline.Store.ReadText(second.OutputKey!);
        Assert.Multiple(() =>
        {
            Assert.That((outcome.Disposition, outcome.Commit), Is.EqualTo((BatchDisposition.Processed, CommitOutcome.Counted)), "committed, not abandoned");
            Assert.That(callsBeforeRetry, Is.Zero);
            Assert.That(first.Status, Is.EqualTo("completed_with_errors"));
            Assert.That(firstText, Does.Contain("provider_unavailable: fakeperson: not enough time left in this invocation"));
            Assert.That(second.Status, Is.EqualTo("completed"));
            Assert.That(server.State.RequestCount, Is.EqualTo(1), "the retry, with time, called once for both rows");
            Assert.That(secondText, Does.Contain(FakePeople.Find("ann@acme.com")!.Company));
            Assert.That(secondText, Does.Not.Contain("not enough time"));
        });
    }
}
