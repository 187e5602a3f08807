using System.Text.Json;
using Enrichment.Core.Batching;
using Enrichment.Core.Output;
using Enrichment.Core.Serialization;
using Enrichment.Testing.InMemory;

namespace Enrichment.Core.Tests.Batching;

public sealed class PartWriterTests
{
    private static readonly PartRecord[] Records = PartBufferTests.Records;

    [Test]
    public async Task APartWrittenFromRowsAndSpans_IsTheBytesOfItsRecords()
    {
        var store = new InMemoryObjectStore();
        await PartFiles.WriteAsync(store, "records", Records, CancellationToken.None);
        using (var part = new PartWriter(Records.Length))
        {
            var enrichment = new string?[4];
            foreach (var record in Records)
            {
                Array.Clear(enrichment);
                record.Enrichment.CopyTo(enrichment, 0);
                part.Add(record.Row, record.Values, enrichment.AsSpan(0, record.Enrichment.Length));
            }

            Assert.That(part.Count, Is.EqualTo(Records.Length));
            await part.PutAsync(store, "rows", CancellationToken.None);
        }

        Assert.That(await BytesAsync(store, "rows"), Is.EqualTo(await BytesAsync(store, "records")));
    }

    [Test]
    public async Task APart_HoldsEachValueAsItsUtf8_WithNoEscape()
    {
        var store = new InMemoryObjectStore();
        await PartFiles.WriteAsync(store, "part", [new PartRecord(1, ["Zoë \"1\"", "a\r\nb\u0001\\"], ["+14155550100", "日本 <&>"])], CancellationToken.None);

        var bytes = store.Read("part");

        Assert.That(Convert.ToHexString(bytes), Is.EqualTo(Convert.ToHexString(
        [
            .. "\u0001EPART2\n"u8, 0x1E, 1, // the header; a record, row 1
            2, 9, .. "Zoë \"1\""u8, 7, .. "a\r\nb\u0001\\"u8, // two values, each its length plus one and its bytes
            2, 13, .. "+14155550100"u8, 11, .. "日本 <&>"u8, // two enrichment values
            0x04, 0x41, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x40, 0x00, // the end: one record, in eleven bytes
        ])));
    }

    [Test]
    public async Task ALoneSurrogate_ReadsBackAsFromAPartWrittenWithTheDefaultEscapes()
    {
        var store = new InMemoryObjectStore();
        var record = new PartRecord(7, ["a\uD800b", "\uDC00"], ["x\uD83D"]);
        await PartFiles.WriteAsync(store, "new", [record], CancellationToken.None);
        store.Write("default", [.. JsonSerializer.SerializeToUtf8Bytes(record, EnrichmentJsonContext.Default.PartRecord), (byte)'\n']);

        var now = await ReadAllAsync(store, "new");
        var before = await ReadAllAsync(store, "default");

        Assert.Multiple(() =>
        {
            Assert.That(now.Single().Values, Is.EqualTo(before.Single().Values));
            Assert.That(now.Single().Enrichment, Is.EqualTo(before.Single().Enrichment));
            Assert.That(now.Single().Values[0], Is.EqualTo("a\uFFFDb"));
        });
    }

    [Test]
    public async Task APartWrittenWithTheDefaultEscapes_ReadsTheSameRecordsAndCellsAsANewOne()
    {
        var store = new InMemoryObjectStore();
        await PartFiles.WriteAsync(store, "new", Records, CancellationToken.None);
        store.Write("default", [.. Records.SelectMany(r => JsonSerializer.SerializeToUtf8Bytes(r, EnrichmentJsonContext.Default.PartRecord).Append((byte)'\n'))]);
        Assert.That(await BytesAsync(store, "default"), Is.Not.EqualTo(await BytesAsync(store, "new")), "the old part is JSON with escapes");

        var now = await ReadAllAsync(store, "new");
        var before = await ReadAllAsync(store, "default");

        Assert.That(before.Select(r => (r.Row, r.Values, r.Enrichment)), Is.EqualTo(now.Select(r => (r.Row, r.Values, r.Enrichment))));
        Assert.That(await CellsAsync(store, "default"), Is.EqualTo(await CellsAsync(store, "new")));
    }

    private static async Task<List<PartRecord>> ReadAllAsync(InMemoryObjectStore store, string key)
    {
        var records = new List<PartRecord>();
        await foreach (var record in PartFile.ReadAsync(store, key, "part", CancellationToken.None))
        {
            records.Add(record);
        }

        return records;
    }

    private static async Task<List<string>> CellsAsync(InMemoryObjectStore store, string key)
    {
        using var part = await PartBuffer.ReadAsync(store, key, "part", CancellationToken.None);
        var cells = new Utf8Row();
        var read = new List<string>();
        cells.Reset(8);
        while (part.ReadInto(cells, 4, out var row, out _))
        {
            read.Add(row + ":" + string.Join("|", Enumerable.Range(0, cells.Count).Select(c => cells.IsNull(c) ? "null" : Convert.ToHexString(cells[c]))));
            cells.Reset(8);
        }

        return read;
    }

    private static async Task<byte[]> BytesAsync(InMemoryObjectStore store, string key)
    {
        await using var stream = await store.OpenReadAsync(key, CancellationToken.None);
        using var copy = new MemoryStream();
        await stream!.CopyToAsync(copy);
        return copy.ToArray();
    }
}
