using System.Text.Json;
using Enrichment.Core.Batching;
using Enrichment.Core.Serialization;

namespace Enrichment.Core.Tests.Batching;

/// <summary>A message's rows read into pooled memory (<see cref="RowFieldArena"/>) against rows read into arrays of their own.</summary>
public sealed class RowFieldArenaTests
{
    [Test]
    public void RowsReadInsideTheArena_HaveTheFieldsAndValuesOfRowsReadOutside()
    {
        // 300 rows of about 400 bytes: more than one of the arena's chunks, and one row longer than a chunk.
        var rows = Enumerable.Range(1, 300).Select(i => new BatchRow(i, [$"row {i}", new string('é', 200), i % 7 == 0 ? null : "Zoë"])).ToList();
        rows.Add(new BatchRow(301, [new string('x', 100_000)]));
        var message = JsonSerializer.SerializeToUtf8Bytes(rows, EnrichmentJsonContext.Default.ListBatchRow);
        var outside = JsonSerializer.Deserialize(message, EnrichmentJsonContext.Default.ListBatchRow)!;

        using var arena = new RowFieldArena();
        var inside = arena.Read(() => JsonSerializer.Deserialize(message, EnrichmentJsonContext.Default.ListBatchRow)!);

        Assert.Multiple(() =>
        {
            Assert.That(RowFieldArena.ForThread, Is.Null, "the arena is the converter's only inside Read");
            Assert.That(inside.Select(r => r.Fields!.Value.ToArray()), Is.EqualTo(outside.Select(r => r.Fields!.Value.ToArray())));
            Assert.That(inside.Select(r => r.Values), Is.EqualTo(rows.Select(r => r.Values)));
        });
    }

    [Test]
    public void ARowNotReadByTheWorker_HasNoFields()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new BatchRow(1, ["a"]), EnrichmentJsonContext.Default.BatchRow);

        Assert.Multiple(() =>
        {
            Assert.That(new BatchRow(1, ["a"]).Fields, Is.Null);
            Assert.That(BatchRow.FromJson(1, json).Fields, Is.Null, "a split row goes into a part through its values");
        });
    }

    [Test]
    public void ADisposedArena_ReadsNoMore()
    {
        var arena = new RowFieldArena();
        arena.Dispose();

        Assert.That(() => arena.Read(() => 1), Throws.InstanceOf<ObjectDisposedException>());
    }
}
