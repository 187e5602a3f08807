using System.Text;
using System.Text.Json;
using Enrichment.Core.Batching;
using Enrichment.Core.Output;
using Enrichment.Core.Serialization;
using Enrichment.Testing.InMemory;

namespace Enrichment.Core.Tests.Batching;

public sealed class PartLineTests
{
    private static readonly string[] Pieces = ["a", "Zoë", "日本", "😀", " ", ",", "\"", "\\", "\n", "\u0001", "+1", "<&>", "null", "]", "}", "\u007F"];

    [TestCase(false)]
    [TestCase(true)]
    public async Task EveryLine_ReadsIntoTheCellsTheJsonReaderGives_WrittenRelaxedOrWithTheDefaultEscapes(bool defaultEscapes)
    {
        var random = new Random(13);
        var records = Enumerable.Range(0, 2_000).Select(i => new PartRecord(
            random.Next(4) == 0 ? long.MaxValue - i : i,
            Values(random, random.Next(0, 6)),
            Values(random, random.Next(0, 6)))).ToArray();
        var store = new InMemoryObjectStore();
        if (defaultEscapes)
        {
            store.Write("part", [.. records.SelectMany(r => JsonSerializer.SerializeToUtf8Bytes(r, EnrichmentJsonContext.Default.PartRecord).Append((byte)'\n'))]);
        }
        else
        {
            store.Write("part", PreviousParts.Bytes(records));
        }

        using var strings = await PartBuffer.ReadAsync(store, "part", "part", CancellationToken.None);
        using var cells = await PartBuffer.ReadAsync(store, "part", "part", CancellationToken.None);
        var line = new string?[7];
        var row = new Utf8Row();
        for (var i = 0; i < records.Length; i++)
        {
            Array.Clear(line);
            row.Reset(line.Length);
            Assert.That(strings.ReadInto(line.AsSpan(0, 3), line.AsSpan(3), out var expectedRow, out var expectedCount), Is.True);
            Assert.That(cells.ReadInto(row, 3, out var cellRow, out var cellCount), Is.True);
            Assert.That((cellRow, cellCount), Is.EqualTo((expectedRow, expectedCount)), $"record {i}");
            Assert.That(Enumerable.Range(0, line.Length).Select(c => row.IsNull(c) ? null : Encoding.UTF8.GetString(row[c])), Is.EqualTo(line), $"record {i}");
        }

        Assert.That(cells.ReadInto(row, 3, out _, out _), Is.False);
    }

    [TestCase("{\"row\":12,\"values\":[\"a\",null],\"enrichment\":[]}", true)]
    [TestCase("{\"row\":0,\"values\":[],\"enrichment\":[null]}", true)]
    [TestCase("{\"row\":1,\"values\":[\"a\\\"b\"],\"enrichment\":[]}", false)]
    [TestCase("{\"row\": 1,\"values\":[],\"enrichment\":[]}", false)]
    [TestCase("{\"row\":01,\"values\":[],\"enrichment\":[]}", false)]
    [TestCase("{\"row\":1234567890123456789,\"values\":[],\"enrichment\":[]}", false)]
    [TestCase("{\"row\":-1,\"values\":[],\"enrichment\":[]}", false)]
    [TestCase("{\"row\":1.5,\"values\":[],\"enrichment\":[]}", false)]
    [TestCase("{\"row\":1,\"values\":[\"a\tb\"],\"enrichment\":[]}", false)]
    [TestCase("{\"row\":1,\"enrichment\":[],\"values\":[]}", false)]
    [TestCase("{\"row\":1,\"values\":[],\"enrichment\":[]} {\"row\":2}", false)]
    [TestCase("{\"row\":1,\"values\":[],\"enrichment\":[],\"more\":1}", false)]
    [TestCase("{\"row\":1,\"values\":[1],\"enrichment\":[]}", false)]
    [TestCase("{\"row\":1,\"values\":[\"a\",],\"enrichment\":[]}", false)]
    [TestCase("{\"row\":1,\"values\":[\"a\"],\"enrichment\":[]", false)]
    [TestCase("{\"row\":1,\"values\":null,\"enrichment\":[]}", false)]
    public void OnlyTheWritersPlainShape_IsReadWithoutTheJsonReader(string line, bool plain)
    {
        var cells = new Utf8Row();
        cells.Reset(4);

        Assert.That(PartLine.TryRead(Encoding.UTF8.GetBytes(line), cells, 2, out _, out _), Is.EqualTo(plain));
    }

    [Test]
    public async Task ALineLeftToTheReader_IsReadOrRefusedAsBefore_AndTheLinesAroundItAreNot()
    {
        var store = new InMemoryObjectStore();
        store.Write("part", Encoding.UTF8.GetBytes(
            "{\"row\":1,\"values\":[\"plain\"],\"enrichment\":[]}\n"
            + "{ \"row\" : 2, \"values\" : [\"sp\\u00EBced\"], \"enrichment\" : [\"x\"], \"other\": {\"a\": [1]} }\r\n"
            + "{\"row\":3,\"values\":[\"plain\"],\"enrichment\":[]}\n"
            + "{\"row\":4,\"values\":[1],\"enrichment\":[]}\n"));
        using var part = await PartBuffer.ReadAsync(store, "part", "part", CancellationToken.None);
        var cells = new Utf8Row();
        var read = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            cells.Reset(2);
            Assert.That(part.ReadInto(cells, 1, out var row, out var count), Is.True);
            read.Add($"{row}:{count}:{Encoding.UTF8.GetString(cells[0])}");
        }

        cells.Reset(2);
        Assert.That(read, Is.EqualTo(new[] { "1:0:plain", "2:1:spëced", "3:0:plain" }));
        Assert.That(() => part.ReadInto(cells, 1, out _, out _), Throws.InstanceOf<JsonException>());
    }

    private static string?[] Values(Random random, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => random.Next(5) == 0 ? null : string.Concat(Enumerable.Range(0, random.Next(0, 6)).Select(_ => Pieces[random.Next(Pieces.Length)])))];
}
