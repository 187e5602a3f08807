using System.Text;
using Enrichment.Core.Output;

namespace Enrichment.Core.Tests.Output;

public sealed class CsvEncodingTests
{
    private static readonly string?[] Cells = ["plain", null, "a,b", "say \"hi\"", string.Empty, "line1\r\nline2", "Zoë 日本 😀", "last"];

    [Test]
    public void CellsWrittenInPieces_AreTheLineWrittenWhole_WithTheCommasBetween()
    {
        var row = RowOf(Cells);
        var quoting = CsvEncoding.MayNeedQuotes(row);
        var whole = Write(row, [0, Cells.Length], quoting);

        Assert.Multiple(() =>
        {
            for (var split = 0; split <= Cells.Length; split++)
            {
                Assert.That(Write(row, [0, split, Cells.Length], quoting), Is.EqualTo(whole), $"split at {split}");
            }

            Assert.That(whole, Is.EqualTo("plain,,\"a,b\",\"say \"\"hi\"\"\",,\"line1\r\nline2\",Zoë 日本 😀,last\r\n"));
        });
    }

    [Test]
    public void ARowOfCells_IsTheBytesOfTheSameFieldsAsStrings()
    {
        var row = RowOf(Cells);
        var strings = new byte[1024];
        var written = CsvEncoding.WriteLine(Cells, Cells.Length, strings);

        Assert.That(Write(row, [0, Cells.Length], CsvEncoding.MayNeedQuotes(row)), Is.EqualTo(Encoding.UTF8.GetString(strings, 0, written)));
    }

    [Test]
    public void CellsPastTheRow_AreEmpty()
    {
        var row = RowOf(["a", "b"]);

        Assert.That(Write(row, [0, 4], CsvEncoding.MayNeedQuotes(row)), Is.EqualTo("a,b,,\r\n"));
    }

    private static string Write(Utf8Row row, int[] bounds, bool quoting)
    {
        var line = new byte[CsvEncoding.MaxLineBytes(row, bounds[^1])];
        var written = 0;
        for (var i = 1; i < bounds.Length; i++)
        {
            written += CsvEncoding.WriteCells(row, bounds[i - 1], bounds[i], quoting, line.AsSpan(written));
        }

        written += CsvEncoding.WriteLineEnd(line.AsSpan(written));
        return Encoding.UTF8.GetString(line, 0, written);
    }

    private static Utf8Row RowOf(string?[] cells)
    {
        var row = new Utf8Row();
        row.Reset(cells.Length);
        for (var i = 0; i < cells.Length; i++)
        {
            if (cells[i] is { } value)
            {
                row.Set(i, Encoding.UTF8.GetBytes(value));
            }
        }

        return row;
    }
}
