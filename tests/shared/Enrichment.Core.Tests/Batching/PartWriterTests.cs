using System.Text;
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
    public async Task APart_KeepsNonAsciiPlusAndQuotesAsTheyAre_AndStillEscapesControlCharacters()
    {
        var store = new InMemoryObjectStore();
        await PartFiles.WriteAsync(store, "part", [new PartRecord(1, ["Zoë \"1\"", "a\r\nb\u0001\\"], ["+14155550100", "日本 <&>"])], CancellationToken.None);

        var bytes = await BytesAsync(store, "part");

        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetString(bytes), Is.EqualTo("{\"row\":1,\"values\":[\"Zoë \\\"1\\\"\",\"a\\r\\nb\\u0001\\\\\"],\"enrichment\":[\"+14155550100\",\"日本 <&>\"]}\n"));
            Assert.That(bytes[..^1], Has.None.LessThan((byte)0x20));
        });
    }

    [Test]
    public async Task ALoneSurrogate_ReadsBackAsFromAPartWrittenWithTheDefaultEscapes()
    {
        var store = new InMemoryObjectStore();
        var record = new PartRecord(7, ["a\uD800b", "\uDC00"], ["x\uD83D"]);
        await PartFiles.WriteAsync(store, "relaxed", [record], CancellationToken.None);
        store.Write("default", [.. JsonSerializer.SerializeToUtf8Bytes(record, EnrichmentJsonContext.Default.PartRecord), (byte)'\n']);

        var relaxed = await ReadAllAsync(store, "relaxed");
        var before = await ReadAllAsync(store, "default");

        Assert.Multiple(() =>
        {
            Assert.That(relaxed.Single().Values, Is.EqualTo(before.Single().Values));
            Assert.That(relaxed.Single().Enrichment, Is.EqualTo(before.Single().Enrichment));
            Assert.That(relaxed.Single().Values[0], Is.EqualTo("a\uFFFDb"));
        });
    }

    [Test]
    public async Task APartWrittenWithTheDefaultEscapes_ReadsTheSameRecordsAndCellsAsANewOne()
    {
        var store = new InMemoryObjectStore();
        await PartFiles.WriteAsync(store, "relaxed", Records, CancellationToken.None);
        store.Write("default", [.. Records.SelectMany(r => JsonSerializer.SerializeToUtf8Bytes(r, EnrichmentJsonContext.Default.PartRecord).Append((byte)'\n'))]);
        Assert.That(await BytesAsync(store, "default"), Is.Not.EqualTo(await BytesAsync(store, "relaxed")), "the old part has escapes the new one has not");

        var relaxed = await ReadAllAsync(store, "relaxed");
        var before = await ReadAllAsync(store, "default");

        Assert.That(before.Select(r => (r.Row, r.Values, r.Enrichment)), Is.EqualTo(relaxed.Select(r => (r.Row, r.Values, r.Enrichment))));
        Assert.That(await CellsAsync(store, "default"), Is.EqualTo(await CellsAsync(store, "relaxed")));
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
