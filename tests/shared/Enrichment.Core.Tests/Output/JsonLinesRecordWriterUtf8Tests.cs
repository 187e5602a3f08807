using System.Text;
using Enrichment.Core.Output;

namespace Enrichment.Core.Tests.Output;

/// <summary>The aggregate writes JSON Lines from UTF-8 cells (issue 13); its bytes must be the strings' bytes.</summary>
public sealed class JsonLinesRecordWriterUtf8Tests
{
    private static readonly string?[][] Rows =
    [
        ["plain", null, "a,b", "say \"hi\" \\ back", string.Empty, "line1\r\nline2\ttab", "\u0001\u001f\u007f control", "<b>&amp;</b> 'q' +1 =2"],
        ["Zoë, Łódź 日本 😀 مرحبا", "\u2028\u2029 separators", "\uFEFF bom \u00AD soft hyphen", "\u0378 unassigned \uE000 private \uFFFF \uFFFD", "e\u0301 combining", "𝔘𝔫𝔦 \U0010FFFF"],
        ["short"],
        [new string('x', 70_000), "\"" + new string('"', 40_000), new string('é', 30_000)],
    ];

    private static readonly string[] Header = ["a", "b", "c", "d", "e", "f", "g", "h"];

    [Test]
    public async Task RowsFromUtf8Cells_AreTheBytesOfTheSameRowsFromStrings()
    {
        var fromStrings = await WriteAsync(async (writer, row) => await writer.WriteRowAsync(row, CancellationToken.None));
        var fromCells = await WriteAsync(async (writer, row) => await writer.WriteRowAsync(Cells(row), CancellationToken.None));

        Assert.That(fromCells, Is.EqualTo(fromStrings));
        Assert.That(Encoding.UTF8.GetString(fromCells), Does.Contain("\"b\":null"));
    }

    [Test]
    public async Task ACellsRowShorterThanTheHeader_IsPaddedWithNull()
    {
        var text = Encoding.UTF8.GetString(await WriteAsync(async (writer, _) => await writer.WriteRowAsync(Cells(["1"]), CancellationToken.None), rows: [["1"]], header: ["a", "b"]));

        Assert.That(text, Is.EqualTo("{\"a\":\"1\",\"b\":null}\n"));
    }

    [Test]
    public void ACellsRowLongerThanTheHeader_IsRejected() =>
        Assert.ThrowsAsync<ArgumentException>(async () => await WriteAsync(async (writer, _) => await writer.WriteRowAsync(Cells(["1", "2"]), CancellationToken.None), rows: [["1", "2"]], header: ["a"]));

    private static Utf8Row Cells(string?[] row)
    {
        var cells = new Utf8Row();
        cells.Reset(row.Length);
        for (var i = 0; i < row.Length; i++)
        {
            if (row[i] is { } value)
            {
                cells.Set(i, Encoding.UTF8.GetBytes(value));
            }
        }

        return cells;
    }

    private static async Task<byte[]> WriteAsync(Func<JsonLinesRecordWriter, string?[], Task> write, string?[][]? rows = null, string[]? header = null)
    {
        using var stream = new MemoryStream();
        await using (var writer = new JsonLinesRecordWriter(stream, leaveOpen: true, flushThreshold: 1024))
        {
            await writer.WriteHeaderAsync(header ?? Header, CancellationToken.None);
            foreach (var row in rows ?? Rows)
            {
                await write(writer, row);
            }
        }

        return stream.ToArray();
    }
}
