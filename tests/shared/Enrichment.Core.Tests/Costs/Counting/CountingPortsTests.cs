using Enrichment.Core.Batching;
using Enrichment.Core.Costs;
using Enrichment.Core.Costs.Counting;
using Enrichment.Testing.InMemory;

namespace Enrichment.Core.Tests.Costs.Counting;

/// <summary>The counting decorators of the ports: what each call adds to the current tally, and nothing outside a tally.</summary>
public sealed class CountingPortsTests
{
    private readonly UsageTallyAccessor _usage = new();

    [Test]
    public async Task ObjectStore_CountsPutsGetsAndAStreamedUploadsRequests_IntoTheCurrentTally()
    {
        var store = new CountingObjectStore(new InMemoryObjectStore(), _usage);
        using var scope = _usage.Begin();

        await store.PutAsync("a", new byte[100], "text/plain", CancellationToken.None);
        await using (var read = await store.OpenReadAsync("a", CancellationToken.None))
        {
        }

        await using (var upload = await store.StartUploadAsync("big", "text/plain", CancellationToken.None))
        {
            var chunk = new byte[1024 * 1024];
            for (var i = 0; i < 9; i++)
            {
                await upload.Stream.WriteAsync(chunk);
            }

            await upload.CompleteAsync(CancellationToken.None);
        }

        // 9 MiB is two parts: initiate, two parts, complete.
        Assert.That(scope.Tally.Total, Is.EqualTo(new AwsUsage { S3PutRequests = 1 + 4, S3GetRequests = 1, S3StoredBytes = 100 + (9 * 1024 * 1024) }));
    }

    [Test]
    public async Task ObjectStore_CountsARangedReadAsOneGet_AndAnEmptyOneAsNone()
    {
        var inner = new InMemoryObjectStore();
        inner.Write("a", new byte[100]);
        var store = new CountingObjectStore(inner, _usage);
        using var scope = _usage.Begin();

        var read = await store.ReadRangeAsync("a", 10, new byte[50], CancellationToken.None);
        var missing = await store.ReadRangeAsync("missing", 0, new byte[50], CancellationToken.None);
        var empty = await store.ReadRangeAsync("a", 10, Memory<byte>.Empty, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That((read, missing, empty), Is.EqualTo(((int?)50, (int?)null, (int?)0)), "the decorator hands the adapter's answers on");
            // A GET of a missing key is still a request; an empty destination makes none.
            Assert.That(scope.Tally.Total, Is.EqualTo(new AwsUsage { S3GetRequests = 2 }));
        });
    }

    [Test]
    public async Task BatchQueue_CountsTheRequestsOfTheBodySizesTheAdapterReports()
    {
        var queue = new CountingBatchQueue(new RecordingBatchQueue(), _usage);
        var small = Enumerable.Range(0, 25).Select(i => new BatchMessage("job", 0, i, [new BatchRow(i, ["a@b.com"])])).ToList();
        // Ten bodies of about 20 KiB: one SendMessageBatch of four 64 KiB chunks.
        var large = Enumerable.Range(0, 10).Select(i => new BatchMessage("job", 0, i, [new BatchRow(i, [new string('a', 20 * 1024)])])).ToList();
        using var scope = _usage.Begin();

        var sent = await queue.SendAsync(small, CancellationToken.None);
        await queue.SendAsync(large, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(sent.BodyBytes, Has.Count.EqualTo(small.Count), "the decorator hands the adapter's report on");
            Assert.That(scope.Tally.Total.SqsRequests, Is.EqualTo(3 + 4));
        });
    }

    [Test]
    public async Task ControlTable_CountsUnitsPerCall()
    {
        var table = new CountingControlTable(new InMemoryControlTable(), _usage);
        using var scope = _usage.Begin();

        await table.GetJobAsync("missing", CancellationToken.None);
        await table.GetProgressAsync("missing", CancellationToken.None);

        Assert.That(scope.Tally.Total, Is.EqualTo(new AwsUsage { DynamoDbReadUnits = RequestUnits.ItemReadUnits + RequestUnits.ProgressReadUnits }));
    }
}
