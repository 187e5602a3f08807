using System.Runtime.CompilerServices;
using System.Text;
using Enrichment.Core.Batching;
using Enrichment.Core.Services;
using Enrichment.Core.Tests.Batching;
using Enrichment.Testing.InMemory;

namespace Enrichment.Core.Tests.Services;

public sealed class ParsedPartsTests
{
    private const int Batches = 30;

    [Test]
    [CancelAfter(60_000)]
    public async Task Parts_ComeInBatchOrder_WithTheirRowsParsed_WhateverTheParsersPace(CancellationToken cancellationToken)
    {
        var store = await StoreAsync(cancellationToken);
        var failed = new HashSet<int> { 5, 17 };
        var seen = new List<string>();

        await using (var parsed = ParsedParts.Start(PartsAsync(store, failed, new Probe(), cancellationToken), cells: 4, valueCells: 2, ahead: 2, cancellationToken))
        {
            while (await parsed.NextAsync(cancellationToken) is { } part)
            {
                seen.Add(Describe(part));

                // The writer's own pace varies too, and a returned part is parsed into again.
                if (part.Batch % 3 == 0)
                {
                    await Task.Delay(1, cancellationToken);
                }

                parsed.Return(part);
            }
        }

        Assert.That(seen, Is.EqualTo(Enumerable.Range(0, Batches).Select(b => failed.Contains(b) ? $"{b}:failed" : Expected(b))));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task APartThatCannotBeRead_FailsTheCaller_AfterTheBatchesBeforeIt(CancellationToken cancellationToken)
    {
        var store = await StoreAsync(cancellationToken);
        var probe = new Probe { FailAt = 3 };
        var batches = new List<int>();

        await using var parsed = ParsedParts.Start(PartsAsync(store, [], probe, cancellationToken), cells: 4, valueCells: 2, ahead: 2, cancellationToken);
        var failure = Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            while (await parsed.NextAsync(cancellationToken) is { } part)
            {
                batches.Add(part.Batch);
                parsed.Return(part);
            }
        });

        Assert.Multiple(() =>
        {
            Assert.That(batches, Is.EqualTo(new[] { 0, 1, 2 }));
            Assert.That(failure!.Message, Is.EqualTo("the part of batch 3 is missing"));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task ACancelledAggregate_StopsItsReader_AndTheReadAheadIsLetGo(CancellationToken cancellationToken)
    {
        var store = await StoreAsync(cancellationToken);
        var probe = new Probe();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var parsed = ParsedParts.Start(PartsAsync(store, [], probe, cancel.Token), cells: 4, valueCells: 2, ahead: 2, cancel.Token);

        var first = await parsed.NextAsync(cancel.Token);
        await cancel.CancelAsync();
        Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () =>
        {
            while (await parsed.NextAsync(cancel.Token) is { } part)
            {
                parsed.Return(part);
            }
        });
        await parsed.DisposeAsync();
        var readWhenStopped = probe.Read;

        Assert.Multiple(() =>
        {
            Assert.That(first!.Batch, Is.Zero);
            Assert.That(probe.Finished, Is.True, "the reader's enumeration ended, so its reads in flight were given back");
            Assert.That(readWhenStopped, Is.LessThan(Batches), "the reader did not go on to the end");
            Assert.That(probe.Read, Is.EqualTo(readWhenStopped));
        });
    }

    private static string Expected(int batch) =>
        $"{batch}:" + string.Join(";", Enumerable.Range(0, 3).Select(i => $"{(batch * 10) + i}|v{batch}.{i}|Zoë \"{i}\"|ok|+1415555{i:0000}"));

    private static string Describe(ParsedPart part)
    {
        if (part.Failed)
        {
            return $"{part.Batch}:failed";
        }

        var rows = new List<string>();
        for (var i = 0; i < part.Count; i++)
        {
            var (cells, row, enrichmentCount) = part[i];
            Assert.That(enrichmentCount, Is.EqualTo(2));
            rows.Add(row + "|" + string.Join("|", Enumerable.Range(0, cells.Count).Select(c => Encoding.UTF8.GetString(cells[c]))));
        }

        return $"{part.Batch}:" + string.Join(";", rows);
    }

    private static async Task<InMemoryObjectStore> StoreAsync(CancellationToken cancellationToken)
    {
        var store = new InMemoryObjectStore();
        for (var batch = 0; batch < Batches; batch++)
        {
            var records = Enumerable.Range(0, 3)
                .Select(i => new PartRecord((batch * 10) + i, [$"v{batch}.{i}", $"Zoë \"{i}\""], ["ok", $"+1415555{i:0000}"]))
                .ToArray();
            await PartFiles.WriteAsync(store, $"part-{batch}", records, cancellationToken);
        }

        return store;
    }

    /// <summary>The parts as the aggregate's ordered reader gives them, at an uneven pace.</summary>
    private static async IAsyncEnumerable<(int Batch, PartBuffer? Part)> PartsAsync(
        InMemoryObjectStore store,
        HashSet<int> failed,
        Probe probe,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            for (var batch = 0; batch < Batches; batch++)
            {
                if (batch % 4 == 1)
                {
                    await Task.Delay(1, cancellationToken);
                }

                var key = batch == probe.FailAt ? "absent" : $"part-{batch}";
                var part = failed.Contains(batch) ? null : await PartBuffer.ReadAsync(store, key, $"the part of batch {batch}", cancellationToken);
                probe.Read++;
                yield return (batch, part);
            }
        }
        finally
        {
            probe.Finished = true;
        }
    }

    private sealed class Probe
    {
        public int FailAt { get; init; } = -1;

        public int Read { get; set; }

        public bool Finished { get; set; }
    }
}
