using Enrichment.Core.Configuration;
using Enrichment.Core.Providers.Http;
using Enrichment.Core.Services;
using Enrichment.Testing.InMemory;

namespace Enrichment.Core.Tests.Services;

/// <summary>SplitService.EstimateAsync: the dry run behind POST /jobs?dryRun=true and enrich --estimate.</summary>
public sealed class SplitServiceEstimateTests
{
    private static HttpProvider Paid(int? bulk = null) => new(
        HttpProviderDefinitionLoader.Parse(
            $$"""
            {
              "name": "paidperson",
              "endpoint": "http://127.0.0.1:9/v1/person",
              {{(bulk is { } size ? $"\"bulk\": {{ \"endpoint\": \"http://127.0.0.1:9/v1/bulk\", \"maxRecords\": {size} }}," : "")}}
              "request": { "email": "Email" },
              "response": { "job_title": { "path": "title" } },
              "pricing": { "perCall": 0.01, "perMatch": 0.1 }
            }
            """,
            "paid.json"),
        new HttpClient(),
        TimeProvider.System);

    private static void AssertNothingMade(InMemoryPipeline pipeline)
    {
        Assert.That(pipeline.Table.Jobs, Is.Empty);
        Assert.That(pipeline.Store.Keys, Is.Empty);
        Assert.That(pipeline.Queue.Sent, Is.Empty);
        Assert.That(pipeline.Workflow.Started, Is.Empty);
    }

    [Test]
    public async Task Estimate_CountsRecordsBatchesAndDistinctEmails_AndMakesNothing()
    {
        var pipeline = new InMemoryPipeline();
        // 250 records, every email twice (and one invalid), which the count takes once.
        var csv = ContactLists.Csv(250, i => i == 7 ? "not-an-email" : $"Person{(i + 1) / 2}@ACME.com");

        var estimate = (await pipeline.Split.EstimateAsync(InMemoryPipeline.Csv(csv), CancellationToken.None)).Value;

        Assert.Multiple(() =>
        {
            Assert.That(estimate.DryRun, Is.True);
            Assert.That(estimate.Records, Is.EqualTo(250));
            Assert.That(estimate.Batches, Is.EqualTo(3));
            Assert.That(estimate.DistinctEmails, Is.EqualTo(125));
            Assert.That(estimate.Providers, Is.EqualTo(new[] { "normalize", "email" }));
            Assert.That(estimate.Cost.AwsUsd, Is.GreaterThan(0m));
            Assert.That(estimate.Cost.Providers, Is.Empty);
            Assert.That(estimate.Cost.Aws.Single(l => l.Item == "Step Functions").Quantity, Is.GreaterThan(0m));
        });
        AssertNothingMade(pipeline);
    }

    [Test]
    public async Task Estimate_RefusesABadListAsTheSplitDoes_AndMakesNothing()
    {
        var pipeline = new InMemoryPipeline();
        var csv = "email,name\n\"a@b.com,Ann\nb@c.com,Bob\n";

        var submitted = await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(csv), CancellationToken.None);
        var estimated = await pipeline.Split.EstimateAsync(InMemoryPipeline.Csv(csv), CancellationToken.None);

        Assert.That(estimated.Refusal, Is.InstanceOf<Refusal.Invalid>());
        Assert.That(estimated.Refusal, Is.EqualTo(submitted.Refusal));
        Assert.That(estimated.Refusal!.Message, Does.Contain("line 2"));
        AssertNothingMade(pipeline);
    }

    [Test]
    public async Task Estimate_RefusesAnUnknownProviderAsTheSplitDoes()
    {
        var pipeline = new InMemoryPipeline();

        var estimated = await pipeline.Split.EstimateAsync(InMemoryPipeline.Csv(ContactLists.Csv(3), providers: ["normalize", "crystal-ball"]), CancellationToken.None);

        Assert.That(estimated.Refusal, Is.InstanceOf<Refusal.Invalid>());
        Assert.That(estimated.Refusal!.Message, Does.Contain("crystal-ball"));
        AssertNothingMade(pipeline);
    }

    [Test]
    public async Task Estimate_ProviderCalls_AreTheJobsDistinctLookups_AcrossBatches_AtTheDefinitionsPrices()
    {
        var pipeline = new InMemoryPipeline(new EnrichmentOptions { BatchSize = 10 });
        using var paid = Paid();
        pipeline.Providers.Register(paid.Name, () => paid);
        // 40 records over four batches, 15 distinct emails (each batch repeats the others'), 5 records without one.
        var csv = ContactLists.Csv(40, i => i % 8 == 0 ? "" : $"p{i % 15}@acme.com");

        var estimate = (await pipeline.Split.EstimateAsync(InMemoryPipeline.Csv(csv, providers: ["normalize", "paidperson"]), CancellationToken.None)).Value;

        var distinct = Enumerable.Range(1, 40).Where(i => i % 8 != 0).Select(i => i % 15).Distinct().Count();
        var provider = estimate.Cost.Providers.Single();
        Assert.Multiple(() =>
        {
            Assert.That(provider.Provider, Is.EqualTo("paidperson"));
            Assert.That(provider.Calls, Is.EqualTo(distinct));
            Assert.That(provider.Matches, Is.EqualTo(distinct));
            Assert.That(provider.Usd, Is.EqualTo((distinct * 0.01m) + (distinct * 0.1m)));
            Assert.That(estimate.Cost.TotalUsd, Is.EqualTo(estimate.Cost.AwsUsd + provider.Usd));
        });
        AssertNothingMade(pipeline);
    }

    [Test]
    public async Task Estimate_BulkProvider_AsksSeveralLookupsACall_WithinEachBatch()
    {
        var pipeline = new InMemoryPipeline(new EnrichmentOptions { BatchSize = 10 });
        using var paid = Paid(bulk: 4);
        pipeline.Providers.Register(paid.Name, () => paid);

        // Two batches of ten distinct emails: three bulk calls each (4 + 4 + 2).
        var estimate = (await pipeline.Split.EstimateAsync(InMemoryPipeline.Csv(ContactLists.Csv(20), providers: ["paidperson"]), CancellationToken.None)).Value;

        Assert.That(estimate.Cost.Providers.Single().Calls, Is.EqualTo(6));
        Assert.That(estimate.Cost.Providers.Single().Matches, Is.EqualTo(20));
    }
}
