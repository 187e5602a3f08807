using System.IO.Compression;
using System.Text;
using Enrichment.Core.Input;
using Enrichment.Testing.Spreadsheets;

namespace Enrichment.Core.Tests.Input;

/// <summary>The .xlsx reader on workbooks LibreOffice made (see <see cref="SpreadsheetFixtures"/>).</summary>
public sealed class XlsxContactReaderTests
{
    private static async Task<(XlsxContactReader Reader, List<InputRecord> Records)> ReadAsync(Stream stream, ContactReaderOptions? options = null)
    {
        var reader = new XlsxContactReader(stream, options);
        return (reader, await ReaderKit.ReadAllAsync(reader));
    }

    private static async Task<(XlsxContactReader Reader, List<InputRecord> Records)> ReadContactsAsync(string? sheet = null, bool seekable = true)
    {
        var bytes = await File.ReadAllBytesAsync(await SpreadsheetFixtures.ContactsAsync());
        Stream stream = seekable ? new MemoryStream(bytes) : new TrickleStream(bytes);
        return await ReadAsync(stream, ContactReaderOptions.Default with { Sheet = sheet });
    }

    private static Dictionary<string, string?> Row(XlsxContactReader reader, InputRecord record) =>
        reader.Columns.Select((name, i) => (name, value: i < record.Values.Length ? record.Values[i] : null)).ToDictionary(c => c.name, c => c.value);

    [Test]
    public async Task Read_FirstSheetWithHeaderAndEveryNonEmptyRow()
    {
        var (reader, records) = await ReadContactsAsync();

        Assert.That(reader.SheetName, Is.EqualTo("Contacts"));
        Assert.That(reader.Columns, Is.EqualTo(new[] { "email", "phone", "first name", "joined", "amount", "zip", "seats", "score", "note", "country" }));
        Assert.That(records.Select(r => r.Values[0]), Is.EqualTo(new[] { "ann@acme.com", "bob@example.org", "cy@example.net" }), "the empty row is skipped");
        Assert.That(records.Select(r => (r.Row, r.Line)), Is.EqualTo(new[] { (1L, 2L), (2L, 4L), (3L, 5L) }), "rows count records, lines are sheet rows");
    }

    [Test]
    public async Task Read_TypedCellsComeOutAsTheirDisplayedText()
    {
        var (reader, records) = await ReadContactsAsync();
        var ann = Row(reader, records[0]);
        var bob = Row(reader, records[1]);
        var cy = Row(reader, records[2]);

        Assert.Multiple(() =>
        {
            Assert.That(ann["phone"], Is.EqualTo("4155550100"), "a phone stored as a number keeps its digits");
            Assert.That(cy["phone"], Is.EqualTo("14155550123"), "an 11-digit number in format 0");
            Assert.That(ann["joined"], Is.EqualTo("03/15/2024"), "a date in MM/DD/YYYY");
            Assert.That(bob["joined"], Is.EqualTo("2023-12-01"), "a date in YYYY-MM-DD");
            Assert.That(ann["amount"], Is.EqualTo("1,234.50"), "#,##0.00");
            Assert.That(bob["amount"], Is.EqualTo("50%"), "a percentage");
            Assert.That(cy["amount"], Is.EqualTo("1234567890123"), "a long whole number in General");
            Assert.That(ann["zip"], Is.EqualTo("02134"), "text with a leading zero");
            Assert.That(bob["zip"], Is.EqualTo("00501"));
            Assert.That(ann["seats"], Is.EqualTo("5"), "a formula's cached result");
            Assert.That(cy["seats"], Is.EqualTo("ab"), "a text formula's cached result");
            Assert.That(ann["score"], Is.EqualTo("0.3"), "=0.1+0.2");
            Assert.That(bob["score"], Is.EqualTo("1234.5"), "a fraction in General");
            Assert.That(cy["score"], Is.EqualTo("-2.25"));
            Assert.That(ann["note"], Is.EqualTo("=not a formula"), "text that looks like a formula stays text");
            Assert.That(cy["note"], Is.EqualTo("line one\ntwo"));
            Assert.That(bob["first name"], Is.Null, "an empty cell");
            Assert.That(bob["phone"], Is.EqualTo("+44 20 7946 0958"));
        });
    }

    [Test]
    public async Task Read_ANonSeekableStreamIsSpilledAndReadTheSame()
    {
        var (_, seekable) = await ReadContactsAsync();
        var (_, trickled) = await ReadContactsAsync(seekable: false);

        Assert.That(trickled.Select(r => string.Join('|', r.Values)), Is.EqualTo(seekable.Select(r => string.Join('|', r.Values))));
    }

    [Test]
    public async Task Read_ANamedSheet_CaseIgnored()
    {
        var (reader, records) = await ReadContactsAsync(sheet: "leads");

        Assert.That(reader.SheetName, Is.EqualTo("Leads"));
        Assert.That(reader.Columns, Is.EqualTo(new[] { "Work Email", "Company" }));
        Assert.That(records.Single().Values, Is.EqualTo(new[] { "dee@example.com", "Example Ltd" }));
    }

    [Test]
    public async Task Read_RejectsAnUnknownSheetNamingTheSheetsThereAre()
    {
        var error = Assert.ThrowsAsync<InputFormatException>(() => ReadContactsAsync(sheet: "Customers"));

        Assert.That(error!.Message, Is.EqualTo("the workbook has no sheet named 'Customers'; its sheets are: 'Contacts', 'Leads', 'Totals'"));
    }

    [Test]
    public void Read_RejectsASheetWithoutHeaderRow()
    {
        var error = Assert.ThrowsAsync<InputFormatException>(() => ReadContactsAsync(sheet: "Totals"));

        Assert.That(error!.Message, Does.StartWith("sheet 'Totals', row 1: no header row"));
    }

    [Test]
    public void Read_RejectsAFileThatIsNoZip()
    {
        var error = Assert.ThrowsAsync<InputFormatException>(() => ReadAsync(new MemoryStream("email\nann@acme.com\n"u8.ToArray())));

        Assert.That(error!.Message, Is.EqualTo("not an .xlsx workbook: the file is not a zip archive; save the sheet as .xlsx or CSV"));
    }

    [Test]
    public void Read_RejectsAnEmptyFile()
    {
        var error = Assert.ThrowsAsync<InputFormatException>(() => ReadAsync(new MemoryStream()));

        Assert.That(error!.Message, Does.StartWith("the file is empty"));
    }

    [Test]
    public void Read_RejectsAZipThatIsNoWorkbook()
    {
        var error = Assert.ThrowsAsync<InputFormatException>(() => ReadAsync(new MemoryStream(Zip(("word/document.xml", "<w/>"u8.ToArray())))));

        Assert.That(error!.Message, Does.StartWith("not an Excel workbook: the zip archive has no xl/workbook.xml"));
    }

    [Test]
    public async Task Read_RejectsACutShortWorkbook()
    {
        var bytes = await File.ReadAllBytesAsync(await SpreadsheetFixtures.ContactsAsync());

        var error = Assert.ThrowsAsync<InputFormatException>(() => ReadAsync(new MemoryStream(bytes[..(bytes.Length / 2)])));

        Assert.That(error!.Message, Does.StartWith("the .xlsx file is damaged"));
    }

    [Test]
    public void Read_RejectsAPasswordProtectedWorkbook()
    {
        // An encrypted Office file is an OLE compound file with an EncryptionInfo stream: its header
        // signature and the stream's UTF-16 name in the directory are what the reader looks for.
        var file = new byte[4096];
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(file, 0);
        Encoding.Unicode.GetBytes("EncryptionInfo").CopyTo(file, 2000);

        var error = Assert.ThrowsAsync<InputFormatException>(() => ReadAsync(new MemoryStream(file)));

        Assert.That(error!.Message, Does.StartWith("the workbook is password-protected"));
    }

    [Test]
    public void Read_RejectsAnOldXlsWorkbook()
    {
        var file = new byte[4096];
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(file, 0);
        Encoding.Unicode.GetBytes("Workbook").CopyTo(file, 1024);

        var error = Assert.ThrowsAsync<InputFormatException>(() => ReadAsync(new MemoryStream(file)));

        Assert.That(error!.Message, Does.StartWith("this is an Excel 97-2003 workbook (.xls)"));
    }

    [Test]
    public async Task Read_RejectsAWorkbookThatUnpacksPastTheLimitBeforeInflatingIt()
    {
        var bytes = await File.ReadAllBytesAsync(await SpreadsheetFixtures.ContactsAsync());

        var error = Assert.ThrowsAsync<InputFormatException>(() => ReadAsync(new MemoryStream(bytes), new ContactReaderOptions { MaxWorkbookUnpackedBytes = 4096 }));

        Assert.That(error!.Message, Does.StartWith("the workbook unpacks to more than 4 KB"));
    }

    [Test]
    public void Read_RejectsAZipBombWhoseTextTableIsTooBig()
    {
        // 64 MB of one repeated byte packs into a few dozen KB: the declared size is what is refused.
        var bomb = Zip(("xl/workbook.xml", "<workbook/>"u8.ToArray()), ("xl/sharedStrings.xml", new byte[64 * 1024 * 1024]));
        Assert.That(bomb, Has.Length.LessThan(1024 * 1024));

        var error = Assert.ThrowsAsync<InputFormatException>(() => ReadAsync(new MemoryStream(bomb), new ContactReaderOptions { MaxSharedStringsBytes = 16 * 1024 * 1024 }));

        Assert.That(error!.Message, Does.StartWith("the workbook's text table unpacks to more than 16 MB"));
    }

    [Test]
    public async Task Read_RefusesANonSeekableWorkbookLongerThanTheLimitWhileCopyingIt()
    {
        var bytes = await File.ReadAllBytesAsync(await SpreadsheetFixtures.ContactsAsync());

        var error = Assert.ThrowsAsync<InputFormatException>(() => ReadAsync(new TrickleStream(bytes), new ContactReaderOptions { MaxWorkbookBytes = bytes.Length - 1 }));

        Assert.That(error!.Message, Does.StartWith("the workbook is larger than"));
    }

    [Test]
    public async Task Read_RejectsARowLongerThanTheRecordLimit()
    {
        var bytes = await File.ReadAllBytesAsync(await SpreadsheetFixtures.ContactsAsync());

        var error = Assert.ThrowsAsync<InputFormatException>(() => ReadAsync(new MemoryStream(bytes), new ContactReaderOptions { MaxRecordLength = 60 }));

        Assert.That(error!.Message, Is.EqualTo("sheet 'Contacts', row 2: the row is longer than 60 characters"));
    }

    [Test]
    public async Task Read_RejectsAValueInAColumnWithoutHeader()
    {
        var path = await SpreadsheetFixtures.FromCsvAsync("beyond-header", "email,phone\nann@acme.com,1\nbob@acme.com,2,stray\n");

        var error = Assert.ThrowsAsync<InputFormatException>(() => ReadAsync(File.OpenRead(path)));

        Assert.That(error!.Message, Does.StartWith("sheet 'beyond-header', row 3, column C: a value in a column without a header (the header ends at column B)"));
    }

    [TestCase(0.1 + 0.2, "0.3")]
    [TestCase(4155550100d, "4155550100")]
    [TestCase(123456789012345d, "123456789012345")]
    [TestCase(1e15, "1E+15")]
    [TestCase(-0.0, "0")]
    [TestCase(1234.5, "1234.5")]
    [TestCase(1.0 / 3, "0.333333333333333")]
    public void General_ShowsFifteenDigitsAndWholeNumbersInFull(double value, string expected)
    {
        Assert.That(CellText.General(value), Is.EqualTo(expected));
    }

    [TestCase(0, "A")]
    [TestCase(25, "Z")]
    [TestCase(26, "AA")]
    [TestCase(701, "ZZ")]
    [TestCase(702, "AAA")]
    public void ColumnLetters_AreExcels(int index, string expected)
    {
        Assert.That(XlsxContactReader.ColumnLetters(index), Is.EqualTo(expected));
    }

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                entry.Write(content);
            }
        }

        return buffer.ToArray();
    }
}
