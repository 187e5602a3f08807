using System.Text;
using System.Text.Json;
using Enrichment.Core.Batching;
using Enrichment.Core.Output;
using Enrichment.Core.Ports;
using Enrichment.Core.Tests.Input;
using Enrichment.Testing.InMemory;
using Moq;

namespace Enrichment.Core.Tests.Batching;

public sealed class PartBufferTests
{
    internal static readonly PartRecord[] Records =
    [
        new(1, ["Zoë \"1\"", null, "a,b\r\nc\\d"], ["ok", null, "+14155550100", "日本"]),
        new(2, [null], []),
        new(3, ["x", "y", "z", "beyond"], ["invalid", "email_invalid: no @"]),
    ];

    [Test]
    public async Task ReadInto_GivesTheValuesNextGives_DroppingThosePastTheRow()
    {
        var store = new InMemoryObjectStore();
        await PartFiles.WriteAsync(store, "part", Records, CancellationToken.None);
        using var part = await PartBuffer.ReadAsync(store, "part", "part of batch 3", CancellationToken.None);
        var line = new string?[3 + 3];

        foreach (var expected in Records)
        {
            Array.Clear(line);
            Assert.That(part.ReadInto(line.AsSpan(0, 3), line.AsSpan(3), out var row, out var enrichmentCount), Is.True);
            Assert.Multiple(() =>
            {
                Assert.That(row, Is.EqualTo(expected.Row));
                Assert.That(enrichmentCount, Is.EqualTo(expected.Enrichment.Length));
                Assert.That(line[..3], Is.EqualTo(expected.Values.Concat(new string?[3]).Take(3)));
                Assert.That(line[3..], Is.EqualTo(expected.Enrichment.Concat(new string?[3]).Take(3)));
            });
        }

        Assert.That(part.ReadInto(line.AsSpan(0, 3), line.AsSpan(3), out _, out _), Is.False);
    }

    [Test]
    public async Task ReadIntoCells_GivesTheUtf8OfWhatReadIntoStringsGives()
    {
        var store = new InMemoryObjectStore();
        await PartFiles.WriteAsync(store, "part", Records, CancellationToken.None);
        using var strings = await PartBuffer.ReadAsync(store, "part", "part of batch 3", CancellationToken.None);
        using var utf8 = await PartBuffer.ReadAsync(store, "part", "part of batch 3", CancellationToken.None);
        var line = new string?[3 + 3];
        var cells = new Utf8Row();

        for (var i = 0; i < Records.Length; i++)
        {
            Array.Clear(line);
            cells.Reset(line.Length);
            Assert.That(strings.ReadInto(line.AsSpan(0, 3), line.AsSpan(3), out var row, out var count), Is.True);
            Assert.That(utf8.ReadInto(cells, 3, out var cellRow, out var cellCount), Is.True);
            Assert.Multiple(() =>
            {
                Assert.That((cellRow, cellCount), Is.EqualTo((row, count)));
                Assert.That(Enumerable.Range(0, line.Length).Select(c => cells.IsNull(c) ? null : Encoding.UTF8.GetString(cells[c])), Is.EqualTo(line));
            });
        }

        Assert.That(utf8.ReadInto(cells, 3, out _, out _), Is.False);
    }

    [Test]
    public async Task ReadIntoCells_UnescapesWhatTheWriterEscaped()
    {
        var store = new InMemoryObjectStore();
        store.Write("part", Encoding.UTF8.GetBytes("{\"row\":1,\"values\":[\"Zo\\u00EB \\\"q\\\" \\\\ \\ud83d\\ude00\", \"plain\"],\"enrichment\":[null]}\n"));
        using var part = await PartBuffer.ReadAsync(store, "part", "part of batch 3", CancellationToken.None);
        var cells = new Utf8Row();
        cells.Reset(3);

        Assert.That(part.ReadInto(cells, 2, out _, out _), Is.True);
        Assert.That(Encoding.UTF8.GetString(cells[0]), Is.EqualTo("Zoë \"q\" \\ 😀"));
    }

    [Test]
    public async Task ReadIntoCells_RefusesAValueThatIsNotUtf8_AsReadIntoStringsDoes_AndReadsTheValidRowsAroundIt()
    {
        var store = new InMemoryObjectStore();
        store.Write("part", [.. "{\"row\":1,\"values\":[\"Zoë\"],\"enrichment\":[]}\n{\"row\":2,\"values\":[\"a"u8, 0xFF, .. "\"],\"enrichment\":[]}\n"u8]);
        using var strings = await PartBuffer.ReadAsync(store, "part", "part of batch 3", CancellationToken.None);
        using var utf8 = await PartBuffer.ReadAsync(store, "part", "part of batch 3", CancellationToken.None);
        var line = new string?[1];
        var cells = new Utf8Row();
        cells.Reset(1);

        Assert.That(utf8.ReadInto(cells, 1, out _, out _), Is.True);
        Assert.That(Encoding.UTF8.GetString(cells[0]), Is.EqualTo("Zoë"));
        Assert.That(strings.ReadInto(line.AsSpan(0, 1), [], out _, out _), Is.True);
        var stringFailure = Assert.Catch(() => strings.ReadInto(line.AsSpan(0, 1), [], out _, out _));
        cells.Reset(1);
        var cellFailure = Assert.Catch(() => utf8.ReadInto(cells, 1, out _, out _));
        Assert.That(cellFailure!.GetType(), Is.EqualTo(stringFailure!.GetType()));
    }

    [Test]
    public async Task ReadInto_RefusesANullRecordAndARecordWithoutItsValues()
    {
        var store = new InMemoryObjectStore();
        store.Write("null", "null\n"u8.ToArray());
        store.Write("bare", "{\"row\":1,\"enrichment\":[\"ok\"]}\n"u8.ToArray());
        var line = new string?[2];

        using var nullRecord = await PartBuffer.ReadAsync(store, "null", "part of batch 3", CancellationToken.None);
        using var bare = await PartBuffer.ReadAsync(store, "bare", "part of batch 3", CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(() => nullRecord.ReadInto(line.AsSpan(0, 1), line.AsSpan(1), out _, out _), Throws.InstanceOf<InvalidDataException>().With.Message.EqualTo("part of batch 3 has an empty record"));
            Assert.That(() => bare.ReadInto(line.AsSpan(0, 1), line.AsSpan(1), out _, out _), Throws.InstanceOf<InvalidDataException>());
        });
    }

    [Test]
    public async Task ReadInto_RefusesALineWithMoreThanOneValue_AsTheSerializerDoes()
    {
        var store = new InMemoryObjectStore();
        var text = "{\"row\":1,\"values\":[],\"enrichment\":[]} {\"row\":2}\n";
        store.Write("part", Encoding.UTF8.GetBytes(text));
        using var part = await PartBuffer.ReadAsync(store, "part", "part of batch 3", CancellationToken.None);
        var line = new string?[2];

        Assert.Multiple(() =>
        {
            Assert.That(() => JsonSerializer.Deserialize(text.TrimEnd(), Serialization.EnrichmentJsonContext.Default.PartRecord), Throws.InstanceOf<JsonException>());
            Assert.That(() => part.ReadInto(line.AsSpan(0, 1), line.AsSpan(1), out _, out _), Throws.InstanceOf<JsonException>());
        });
    }

    [Test]
    public async Task ReadAsync_ReadsAStreamOfUnknownLengthToItsEnd()
    {
        var written = new InMemoryObjectStore();
        await PartFiles.WriteAsync(written, "part", Records, CancellationToken.None);
        byte[] bytes;
        await using (var stream = await written.OpenReadAsync("part", CancellationToken.None))
        {
            using var copy = new MemoryStream();
            await stream!.CopyToAsync(copy);
            bytes = copy.ToArray();
        }

        // Like an S3 object's body: not seekable, and here one byte per read.
        var store = new Mock<IObjectStore>();
        store.Setup(s => s.OpenReadAsync("part", It.IsAny<CancellationToken>())).ReturnsAsync(() => new TrickleStream(bytes));
        using var part = await PartBuffer.ReadAsync(store.Object, "part", "part of batch 3", CancellationToken.None);

        var rows = new List<long>();
        while (part.Next() is { } record)
        {
            rows.Add(record.Row);
        }

        Assert.That(rows, Is.EqualTo(Records.Select(r => r.Row)));
    }
}
