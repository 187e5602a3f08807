using System.Text;
using Enrichment.Core.Batching;
using Enrichment.Testing.InMemory;

namespace Enrichment.Core.Tests.Batching;

public sealed class PartFileTests
{
    [Test]
    public async Task ReadAsync_GivesBackWhatWriteAsyncWrote_WhateverTheValuesHold()
    {
        var store = new InMemoryObjectStore();
        // Quotes, escapes, line breaks, non-ASCII and nulls, and enough rows to span several reads.
        var records = Enumerable.Range(1, 700).Select(i => new PartRecord(
            i,
            [$"Zoë \"{i}\"", null, "a,b\r\nc\\d", new string('x', i % 50)],
            ["ok", null, $"+1415555{i:0000}", "日本"])).ToList();

        await PartFiles.WriteAsync(store, "part", records, CancellationToken.None);
        var read = await ReadAllAsync(store, "part");

        Assert.That(read, Has.Count.EqualTo(records.Count));
        for (var i = 0; i < records.Count; i++)
        {
            Assert.That(read[i].Row, Is.EqualTo(records[i].Row));
            Assert.That(read[i].Values, Is.EqualTo(records[i].Values));
            Assert.That(read[i].Enrichment, Is.EqualTo(records[i].Enrichment));
        }
    }

    [Test]
    public async Task ReadAsync_SkipsEmptyLinesAndAcceptsCrLfAndAByteOrderMark()
    {
        var store = new InMemoryObjectStore();
        store.Write("part", Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(
            "{\"row\":1,\"values\":[\"a\"],\"enrichment\":[\"ok\"]}\r\n\n{\"row\":2,\"values\":[null],\"enrichment\":[]}")).ToArray());

        var read = await ReadAllAsync(store, "part");

        Assert.That(read.Select(r => r.Row), Is.EqualTo(new long[] { 1, 2 }));
        Assert.That(read[1].Values, Is.EqualTo(new string?[] { null }));
    }

    [Test]
    public void ReadAsync_NamesTheMissingPart()
    {
        var store = new InMemoryObjectStore();

        var error = Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(store, "absent"));

        Assert.That(error!.Message, Is.EqualTo("part of batch 3 is missing"));
    }

    [Test]
    public void ReadAsync_NamesThePartOfANullRecord()
    {
        var store = new InMemoryObjectStore();
        store.Write("part", "null\n"u8.ToArray());

        var error = Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(store, "part"));

        Assert.That(error!.Message, Is.EqualTo("part of batch 3 has an empty record"));
    }

    private static async Task<List<PartRecord>> ReadAllAsync(InMemoryObjectStore store, string key)
    {
        var records = new List<PartRecord>();
        await foreach (var record in PartFile.ReadAsync(store, key, "part of batch 3", CancellationToken.None))
        {
            records.Add(record);
        }

        return records;
    }
}
