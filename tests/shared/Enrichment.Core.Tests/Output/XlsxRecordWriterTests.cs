using System.IO.Compression;
using System.Text;
using Enrichment.Core.Output;
using Enrichment.Testing.Spreadsheets;

namespace Enrichment.Core.Tests.Output;

/// <summary>
/// The .xlsx writer (SpreadCheetah), read back by a second library (ExcelDataReader) and by
/// LibreOffice converting the file to CSV.
/// </summary>
public sealed class XlsxRecordWriterTests
{
    private static readonly string[] Header = ["email", "zip", "phone", "joined", "note", "record_status"];

    private static readonly string?[][] Rows =
    [
        ["ann@acme.com", "02134", "4155550100", "2024-03-15", "=1+2", "ok"],
        ["bob@example.org", "00501", "12345678901234567890", "03/15/2024", null, "invalid"],
        ["cy@example.net", "0", "+14155550123", "1.50", "Zoë, \"東京\"\nline two", "ok"],
    ];

    private static async Task<byte[]> WriteAsync(Stream target, int maxRowsPerSheet = XlsxRecordWriter.MaxRowsPerSheet, params string?[][] rows)
    {
        await using (var writer = new XlsxRecordWriter(target, leaveOpen: true, maxRowsPerSheet))
        {
            await writer.WriteHeaderAsync(Header, CancellationToken.None);
            foreach (var row in rows.Length > 0 ? rows : Rows)
            {
                await writer.WriteRowAsync(row, CancellationToken.None);
            }

            await writer.FlushAsync(CancellationToken.None);
        }

        return target is MemoryStream memory ? memory.ToArray() : [];
    }

    private static List<(string Sheet, List<object?[]> Rows)> ReadBack(byte[] workbook) => XlsxReadBack.Read(workbook);

    [Test]
    public async Task Write_EveryCellIsTheGivenTextReadBackByASecondLibrary()
    {
        var workbook = await WriteAsync(new MemoryStream());

        var sheet = ReadBack(workbook).Single();
        Assert.That(sheet.Sheet, Is.EqualTo(XlsxRecordWriter.SheetName));
        Assert.That(sheet.Rows[0], Is.EqualTo(Header));
        for (var i = 0; i < Rows.Length; i++)
        {
            Assert.That(sheet.Rows[i + 1], Is.EqualTo(Rows[i]), $"row {i + 1}");
            Assert.That(sheet.Rows[i + 1].Where(v => v is not null).Select(v => v!.GetType()), Is.All.EqualTo(typeof(string)), "text cells, never numbers or dates");
        }
    }

    [Test]
    public async Task Write_FreezesTheHeaderRowAndKeepsNoSharedStringTable()
    {
        var workbook = await WriteAsync(new MemoryStream());

        using var zip = new ZipArchive(new MemoryStream(workbook));
        var sheetXml = await new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open()).ReadToEndAsync();
        Assert.That(sheetXml, Does.Match("<pane [^>]*ySplit=\"1\"[^>]*state=\"frozen\""));
        Assert.That(sheetXml, Does.Contain("t=\"inlineStr\""));
        Assert.That(zip.Entries.Select(e => e.FullName), Has.None.Contains("sharedStrings"));
    }

    [Test]
    public async Task Write_WorksOnAStreamThatCannotSeek()
    {
        using var buffer = new MemoryStream();
        await WriteAsync(new ForwardOnlyStream(buffer));

        Assert.That(ReadBack(buffer.ToArray()).Single().Rows, Has.Count.EqualTo(4));
    }

    [Test]
    public async Task Write_GoesOnInAFurtherSheetUnderTheSameHeaderPastTheRowLimit()
    {
        var rows = Enumerable.Range(1, 5).Select(i => new string?[] { $"p{i}@acme.com" }).ToArray();

        var sheets = ReadBack(await WriteAsync(new MemoryStream(), maxRowsPerSheet: 3, rows));

        Assert.That(sheets.Select(s => s.Sheet), Is.EqualTo(new[] { "enriched", "enriched 2", "enriched 3" }));
        Assert.That(sheets.Select(s => s.Rows[0][0]), Is.All.EqualTo("email"));
        Assert.That(sheets.SelectMany(s => s.Rows.Skip(1)).Select(r => r[0]), Is.EqualTo(rows.Select(r => r[0])));
    }

    [Test]
    public async Task Write_CutsATextLongerThanExcelAllowsToItsLimit()
    {
        var sheets = ReadBack(await WriteAsync(new MemoryStream(), rows: [[new string('x', XlsxRecordWriter.MaxCellLength + 10)]]));

        Assert.That(((string)sheets[0].Rows[1][0]!).Length, Is.EqualTo(XlsxRecordWriter.MaxCellLength));
    }

    [Test]
    public async Task Write_LibreOfficeReadsTheWorkbookBackToTheSameText()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"xlsx-writer-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            var path = Path.Combine(directory, "out.xlsx");
            await File.WriteAllBytesAsync(path, await WriteAsync(new MemoryStream()));

            var csv = await File.ReadAllTextAsync((await Soffice.ConvertAsync([path], Soffice.Utf8Csv, Path.Combine(directory, "csv")))[0], Encoding.UTF8);

            // LibreOffice quotes the cells it holds as text: digits in quotes were never numbers.
            Assert.That(csv, Does.StartWith("\"email\",\"zip\",\"phone\",\"joined\",\"note\",\"record_status\""));
            Assert.That(csv, Does.Contain("\"ann@acme.com\",\"02134\",\"4155550100\",\"2024-03-15\",\"=1+2\",\"ok\""));
            var reader = Core.Input.ContactReaders.Open(new MemoryStream(Encoding.UTF8.GetBytes(csv)), Core.Input.InputFormat.Csv);
            var rows = new List<string?[]>();
            await foreach (var record in reader.ReadAsync(CancellationToken.None))
            {
                rows.Add(record.Values);
            }

            Assert.That(reader.Columns, Is.EqualTo(Header));
            Assert.That(rows.Select(r => r.Select(v => v ?? string.Empty)), Is.EqualTo(Rows.Select(r => r.Select(v => v ?? string.Empty))));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void Write_RefusesRowsAfterTheWorkbookIsFinished()
    {
        Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var writer = new XlsxRecordWriter(new MemoryStream());
            await writer.WriteHeaderAsync(Header, CancellationToken.None);
            await writer.FlushAsync(CancellationToken.None);
            await writer.WriteRowAsync(Rows[0], CancellationToken.None);
        });
    }

    /// <summary>A write-only stream that cannot seek or tell its length, like a multipart upload's.</summary>
    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);
    }
}
