using System.Text;
using System.Text.Json;
using Enrichment.Core.Batching;
using Enrichment.Core.Input;
using Enrichment.Core.Serialization;

namespace Enrichment.Core.Tests.Batching;

public sealed class BatchPlannerTests
{
    private static async IAsyncEnumerable<InputRecord> Records(IEnumerable<InputRecord> records)
    {
        foreach (var record in records)
        {
            await Task.Yield();
            yield return record;
        }
    }

    private static IEnumerable<InputRecord> Simple(int count, int columns = 3) =>
        Enumerable.Range(1, count).Select(i => new InputRecord(
            i, i + 1, Enumerable.Range(0, columns).Select(c => (string?)$"r{i}c{c}").ToArray()));

    private static async Task<List<PlannedBatch>> PlanAsync(BatchPlanner planner, IEnumerable<InputRecord> records)
    {
        var batches = new List<PlannedBatch>();
        await foreach (var batch in planner.PlanAsync(Records(records), CancellationToken.None))
        {
            batches.Add(batch);
        }

        return batches;
    }

    private static long Serialized(IReadOnlyList<BatchRow> rows) =>
        JsonSerializer.SerializeToUtf8Bytes(rows.ToList(), EnrichmentJsonContext.Default.ListBatchRow).Length;

    private static long Serialized(BatchRow row) =>
        JsonSerializer.SerializeToUtf8Bytes(row, EnrichmentJsonContext.Default.BatchRow).Length;

    /// <summary>Values full of what makes JSON bigger than the text: multi-byte letters, escapes, HTML-sensitive characters.</summary>
    private static string NastyValue(Random random)
    {
        string[] pieces = ["é", "中文", "😀", "\"", "\\", "<b>", "&", "'", "\n", "\t", "\u0001", "+", "plain ascii ", "Ω", "\u2028"];
        var builder = new StringBuilder();
        var length = random.Next(0, 120);
        for (var i = 0; i < length; i++)
        {
            builder.Append(pieces[random.Next(pieces.Length)]);
        }

        return builder.ToString();
    }

    private static List<InputRecord> NastyRecords(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(1, count)
            .Select(i => new InputRecord(i, i + 1, Enumerable.Range(0, 1 + random.Next(6))
                .Select(_ => random.Next(8) == 0 ? null : NastyValue(random)).ToArray()))
            .ToList();
    }

    private static void AssertSameRecordsInOrder(List<PlannedBatch> batches, InputRecord[] input)
    {
        var rows = batches.SelectMany(b => b.Rows).ToList();
        Assert.That(rows.Select(r => r.Row), Is.EqualTo(input.Select(r => r.Row)), "rows lost, duplicated or reordered");
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.That(rows[i].Values, Is.EqualTo(input[i].Values));
        }

        Assert.That(batches.Select(b => b.Index), Is.EqualTo(Enumerable.Range(0, batches.Count)));
    }

    [Test]
    public async Task Plan_CutsBatchesOfBatchSize()
    {
        var input = Simple(1000).ToList();

        var batches = await PlanAsync(new BatchPlanner(100, 256 * 1024), input);

        Assert.That(batches.Select(b => b.Rows.Count), Is.EqualTo(Enumerable.Repeat(100, 10)));
        Assert.That(batches.All(b => !b.Oversized), Is.True);
        AssertSameRecordsInOrder(batches, [.. input]);
    }

    [Test]
    public async Task Plan_PutsTheRemainderInALastSmallerBatch()
    {
        var input = Simple(1050).ToList();

        var batches = await PlanAsync(new BatchPlanner(100, 256 * 1024), input);

        Assert.That(batches, Has.Count.EqualTo(11));
        Assert.That(batches[^1].Rows, Has.Count.EqualTo(50));
        AssertSameRecordsInOrder(batches, [.. input]);
    }

    [Test]
    public async Task Plan_YieldsNothingForNoRecords()
    {
        var batches = await PlanAsync(new BatchPlanner(10, 4096), []);

        Assert.That(batches, Is.Empty);
    }

    [Test]
    public async Task Plan_ReportsTheExactSerializedSizeOfEveryBatch()
    {
        var input = Simple(333, columns: 7).ToList();

        var batches = await PlanAsync(new BatchPlanner(50, 256 * 1024), input);

        foreach (var batch in batches)
        {
            Assert.That(batch.SerializedBytes, Is.EqualTo(Serialized(batch.Rows)), $"batch {batch.Index}");
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public async Task Plan_KeepsSizeBoundForMultiByteAndEscapedValues(int seed)
    {
        const int maxBytes = 4096;
        var input = NastyRecords(2000, seed);

        var batches = await PlanAsync(new BatchPlanner(100, maxBytes), input);

        Assert.That(batches, Has.Count.GreaterThan(20), "the bound should be what cuts most batches");
        foreach (var batch in batches)
        {
            var actual = Serialized(batch.Rows);
            Assert.That(batch.SerializedBytes, Is.EqualTo(actual), $"batch {batch.Index} measured wrong");
            Assert.That(batch.Oversized || actual <= maxBytes, Is.True, $"batch {batch.Index} is {actual} bytes");
            Assert.That(batch.Rows, Has.Count.LessThanOrEqualTo(100));
        }

        AssertSameRecordsInOrder(batches, [.. input]);
    }

    [Test]
    public async Task Plan_FillsEachBatchAsFarAsTheBoundsAllow()
    {
        const int maxBytes = 3000;
        var input = NastyRecords(800, 11);

        var batches = await PlanAsync(new BatchPlanner(25, maxBytes), input);

        for (var i = 0; i < batches.Count - 1; i++)
        {
            var next = batches[i + 1];
            if (batches[i].Oversized || next.Oversized || batches[i].Rows.Count == 25)
            {
                continue;
            }

            // The next batch's first row did not fit: adding it (and its comma) would break the bound.
            Assert.That(batches[i].SerializedBytes + 1 + Serialized(next.Rows[0]), Is.GreaterThan(maxBytes), $"batch {i} closed early");
        }
    }

    [Test]
    public async Task Plan_SendsAnOversizedRecordAloneAndFlagsIt()
    {
        var big = new InputRecord(3, 4, ["big@x.io", new string('é', 3000)]);
        var input = Simple(2, 2).Append(big).Concat(Simple(5, 2).Select(r => r with { Row = r.Row + 3 })).ToList();

        var batches = await PlanAsync(new BatchPlanner(10, 2048), input);

        Assert.That(batches.Select(b => (b.Index, b.Rows.Count, b.Oversized)), Is.EqualTo(new[]
        {
            (0, 2, false), (1, 1, true), (2, 5, false),
        }));
        Assert.That(batches[1].Rows.Single().Row, Is.EqualTo(3));
        Assert.That(batches[1].SerializedBytes, Is.EqualTo(Serialized(batches[1].Rows)));
        Assert.That(batches[1].SerializedBytes, Is.GreaterThan(2048));
        AssertSameRecordsInOrder(batches, [.. input]);
    }

    [Test]
    public async Task Plan_HandlesConsecutiveOversizedRecords()
    {
        var input = Enumerable.Range(1, 3).Select(i => new InputRecord(i, i, [new string('x', 500)])).ToList();

        var batches = await PlanAsync(new BatchPlanner(10, 256), input);

        Assert.That(batches.Select(b => (b.Index, b.Rows.Count, b.Oversized)), Is.EqualTo(new[] { (0, 1, true), (1, 1, true), (2, 1, true) }));
        AssertSameRecordsInOrder(batches, [.. input]);
    }

    [Test]
    public async Task Plan_TakesARecordThatExactlyFillsTheBoundInline()
    {
        var row = new BatchRow(1, ["exact"]);
        var exact = (int)Serialized(row) + 2;

        var batches = await PlanAsync(new BatchPlanner(10, exact), [new InputRecord(1, 2, ["exact"]), new InputRecord(2, 3, ["exact"])]);

        Assert.That(batches.Select(b => (b.Rows.Count, b.Oversized, b.SerializedBytes)), Is.EqualTo(new[] { (1, false, (long)exact), (1, false, (long)exact) }));
    }

    [Test]
    public async Task Plan_KeepsRowNumbersOfTheInput()
    {
        var input = new[] { new InputRecord(5, 9, ["a"]), new InputRecord(6, 12, ["b"]), new InputRecord(9, 20, ["c"]) };

        var batches = await PlanAsync(new BatchPlanner(2, 4096), input);

        Assert.That(batches.Select(b => b.Rows.Select(r => r.Row).ToArray()), Is.EqualTo(new[] { new[] { 5L, 6L }, new[] { 9L } }));
    }

    [Test]
    public async Task Plan_StreamsALargeInputBatchByBatch()
    {
        const int total = 100_000;
        long produced = 0;
        async IAsyncEnumerable<InputRecord> Produce()
        {
            for (var i = 1; i <= total; i++)
            {
                produced = i;
                if (i % 1000 == 0)
                {
                    await Task.Yield();
                }

                yield return new InputRecord(i, i + 1, [$"user{i}@example.com", "Ann", null]);
            }
        }

        var planner = new BatchPlanner(100, 200 * 1024);
        long seen = 0;
        var batches = 0;
        await foreach (var batch in planner.PlanAsync(Produce(), CancellationToken.None))
        {
            // A batch is handed over as soon as it is full, not after the input ends.
            Assert.That(produced - seen, Is.LessThanOrEqualTo(101));
            Assert.That(batch.Rows[0].Row, Is.EqualTo(seen + 1));
            seen += batch.Rows.Count;
            batches++;
        }

        Assert.That((seen, batches), Is.EqualTo((total, 1000)));
    }

    [Test]
    public void Plan_StopsWhenCancelled()
    {
        using var cancellation = new CancellationTokenSource();
        var planner = new BatchPlanner(10, 4096);

        Assert.That(
            async () =>
            {
                await foreach (var batch in planner.PlanAsync(Records(Simple(1000)), cancellation.Token))
                {
                    await cancellation.CancelAsync();
                }
            },
            Throws.InstanceOf<OperationCanceledException>());
    }

    [TestCase(0, 4096)]
    [TestCase(10, 0)]
    public void Constructor_RejectsNonPositiveBounds(int batchSize, int maxBytes) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new BatchPlanner(batchSize, maxBytes));
}
