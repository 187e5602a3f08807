using Enrichment.Core.Costs;

namespace Enrichment.Core.Tests.Costs;

public sealed class UsageEstimateTests
{
    [Test]
    public void For_DefaultOptions_PricesEachFunctionsMemoryTimesItsEstimatedDuration()
    {
        var shape = new JobShape(Records: 10_000, Batches: 20, ListBytes: 0, MessageBytes: 0, Oversized: 0, SqsSendRequests: 0, EnrichmentColumns: 0, CacheReads: 0, CacheWrites: 0);

        var usage = UsageEstimate.For(shape, new CostOptions());

        // 10 thousand records in 20 batches, 3 completion checks:
        // api 1024 MB x (60 + 10 x 40) ms, workers 1024 x (20 x 25 + 10 x 60), checks 256 x (3 x 30),
        // aggregate 2048 x (80 + 10 x 25), webhook 256 x 20.
        Assert.That(usage.LambdaMbMilliseconds, Is.EqualTo((1024 * 460) + (1024 * 1100) + (256 * 90) + (2048 * 330) + (256 * 20)));
    }

    [Test]
    public void For_RangedBatches_CountsAGetPerBatch_SmallMessages_AndNoClaimChecks()
    {
        // 200 batches of rows worth 20 MB as messages, one of them too big for a message.
        var rows = new JobShape(Records: 100_000, Batches: 200, ListBytes: 12_000_000, MessageBytes: 20_000_000, Oversized: 1, SqsSendRequests: 0, EnrichmentColumns: 0, CacheReads: 0, CacheWrites: 0);
        var ranged = rows with { RangedBatches = true };

        var byRows = UsageEstimate.For(rows, new CostOptions());
        var byRange = UsageEstimate.For(ranged, new CostOptions());

        Assert.That(byRange.S3GetRequests - byRows.S3GetRequests, Is.EqualTo(200 - 1), "each range is one GET; no payload is read");
        Assert.That(byRows.S3PutRequests - byRange.S3PutRequests, Is.EqualTo(1), "no claim-check payload is put");
        Assert.That(byRange.SqsRequests, Is.LessThan(byRows.SqsRequests), "the workers receive ranges, not 20 MB of rows");
        Assert.That(byRange.S3StoredBytes, Is.EqualTo(byRows.S3StoredBytes), "the parts hold the same rows either way");
    }

    [Test]
    public void Poller_CountedChecks_PricesTheChecksAndTheNotification()
    {
        var usage = CountedCost.Poller(checks: 4, generations: 0, new CostOptions());

        Assert.That(usage.LambdaMbMilliseconds, Is.EqualTo((256 * 4 * 30) + (256 * 20)));
    }

    [Test]
    public void MeasuredMemoryMb_OnLambda_IsTheRunningFunctionsOwnMemory_ElseItsConfiguredSize()
    {
        var configured = new CostOptions();
        var onLambda = configured with { OwnMemoryMb = 3008 };

        Assert.Multiple(() =>
        {
            Assert.That(configured.MeasuredMemoryMb(configured.Aggregate), Is.EqualTo(2048));
            Assert.That(onLambda.MeasuredMemoryMb(onLambda.Aggregate), Is.EqualTo(3008));
        });
    }
}
