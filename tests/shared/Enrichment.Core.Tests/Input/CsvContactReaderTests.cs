using System.Text;
using Enrichment.Core.Input;

namespace Enrichment.Core.Tests.Input;

public sealed class CsvContactReaderTests
{
    private static string[] Values(InputRecord record) => record.Values.Select(v => v ?? "<null>").ToArray();

    [Test]
    public async Task Reader_ReadsHeaderAndRowsWithRowAndLineNumbers()
    {
        var (columns, records) = await ReaderKit.ReadEveryWayAsync(
            InputFormat.Csv, "email,first name,company\na@example.com,Ann,Acme\nb@example.com,Bob,Beta\n");

        Assert.That(columns, Is.EqualTo(new[] { "email", "first name", "company" }));
        Assert.That(records, Has.Count.EqualTo(2));
        Assert.That(Values(records[0]), Is.EqualTo(new[] { "a@example.com", "Ann", "Acme" }));
        Assert.That(Values(records[1]), Is.EqualTo(new[] { "b@example.com", "Bob", "Beta" }));
        Assert.That(records.Select(r => (r.Row, r.Line)), Is.EqualTo(new[] { (1L, 2L), (2L, 3L) }));
    }

    [TestCase("\n")]
    [TestCase("\r\n")]
    [TestCase("\r")]
    public async Task Reader_AcceptsEveryLineEnding(string newline)
    {
        var text = string.Join(newline, "email,phone", "a@example.com,1", "b@example.com,2", "c@example.com,3") + newline;

        var (_, records) = await ReaderKit.ReadEveryWayAsync(InputFormat.Csv, text);

        Assert.That(records.Select(r => r.Values[1]), Is.EqualTo(new[] { "1", "2", "3" }));
        Assert.That(records.Select(r => r.Line), Is.EqualTo(new[] { 2L, 3L, 4L }));
    }

    [Test]
    public async Task Reader_AcceptsMixedLineEndingsInOneFile()
    {
        var (_, records) = await ReaderKit.ReadEveryWayAsync(InputFormat.Csv, "email\r\na@x.io\nb@x.io\rc@x.io\r\n");

        Assert.That(records.Select(r => r.Values[0]), Is.EqualTo(new[] { "a@x.io", "b@x.io", "c@x.io" }));
        Assert.That(records.Select(r => r.Line), Is.EqualTo(new[] { 2L, 3L, 4L }));
    }

    [Test]
    public async Task Reader_StripsUtf8ByteOrderMark()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("email,name\na@x.io,Zoë\n")).ToArray();
        var reader = new CsvContactReader(new MemoryStream(bytes));

        var records = await ReaderKit.ReadAllAsync(reader);

        Assert.That(reader.Columns[0], Is.EqualTo("email"));
        Assert.That(Values(records[0]), Is.EqualTo(new[] { "a@x.io", "Zoë" }));
    }

    [Test]
    public async Task Reader_StripsByteOrderMarkWhenReadByteByByte()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("email\na@x.io\n")).ToArray();
        var reader = new CsvContactReader(new TrickleStream(bytes), ReaderKit.Tiny);

        var records = await ReaderKit.ReadAllAsync(reader);

        Assert.That(reader.Columns, Is.EqualTo(new[] { "email" }));
        Assert.That(records.Single().Values, Is.EqualTo(new[] { "a@x.io" }));
    }

    [Test]
    public async Task Reader_DecodesUtf16WithByteOrderMark()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("email,city\na@x.io,Zürich\n")).ToArray();

        var records = await ReaderKit.ReadAllAsync(InputFormat.Csv, bytes);

        Assert.That(Values(records.Single()), Is.EqualTo(new[] { "a@x.io", "Zürich" }));
    }

    [TestCase("email,name,phone\na@x.io,Ann,1\n", ',')]
    [TestCase("email;name;phone\na@x.io;Ann;1\n", ';')]
    [TestCase("email\tname\tphone\na@x.io\tAnn\t1\n", '\t')]
    public async Task Reader_DetectsDelimiterFromHeader(string text, char expected)
    {
        var reader = new CsvContactReader(new MemoryStream(Encoding.UTF8.GetBytes(text)));

        var records = await ReaderKit.ReadAllAsync(reader);

        Assert.That(reader.Delimiter, Is.EqualTo(expected));
        Assert.That(Values(records.Single()), Is.EqualTo(new[] { "a@x.io", "Ann", "1" }));
    }

    [Test]
    public async Task Reader_CountsDelimitersOnlyOutsideQuotes()
    {
        // Three semicolons inside a quoted name must not outvote the two real commas.
        var reader = new CsvContactReader(new MemoryStream(Encoding.UTF8.GetBytes("\"a;b;c;d\",email,phone\nx,a@x.io,1\n")));

        var records = await ReaderKit.ReadAllAsync(reader);

        Assert.That(reader.Delimiter, Is.EqualTo(','));
        Assert.That(reader.Columns, Is.EqualTo(new[] { "a;b;c;d", "email", "phone" }));
        Assert.That(Values(records.Single()), Is.EqualTo(new[] { "x", "a@x.io", "1" }));
    }

    [Test]
    public async Task Reader_SemicolonFileKeepsCommasInValues()
    {
        var (_, records) = await ReaderKit.ReadEveryWayAsync(InputFormat.Csv, "name;email\nDoe, Jane;j@x.io\n");

        Assert.That(Values(records.Single()), Is.EqualTo(new[] { "Doe, Jane", "j@x.io" }));
    }

    [Test]
    public async Task Reader_SingleColumnFileUsesComma()
    {
        var reader = new CsvContactReader(new MemoryStream(Encoding.UTF8.GetBytes("email\na@x.io\nb@x.io\n")));

        var records = await ReaderKit.ReadAllAsync(reader);

        Assert.That(reader.Delimiter, Is.EqualTo(','));
        Assert.That(records, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Reader_HonoursDelimiterOverride()
    {
        var options = new ContactReaderOptions { CsvDelimiter = '|' };
        var records = await ReaderKit.ReadAllAsync(InputFormat.Csv, "email|name\na@x.io|Ann, Jr\n", options);

        Assert.That(Values(records.Single()), Is.EqualTo(new[] { "a@x.io", "Ann, Jr" }));
    }

    [TestCase('"')]
    [TestCase('\n')]
    [TestCase('\r')]
    public void Reader_RefusesQuoteOrLineBreakAsDelimiter(char delimiter) =>
        Assert.Throws<ArgumentException>(() => _ = new CsvContactReader(Stream.Null, new ContactReaderOptions { CsvDelimiter = delimiter }));

    [Test]
    public async Task Reader_KeepsDelimitersInsideQuotedFields()
    {
        var (_, records) = await ReaderKit.ReadEveryWayAsync(
            InputFormat.Csv, "name,email,company\n\"Doe, Jane\",j@x.io,\"Acme, Inc.\"\n");

        Assert.That(Values(records.Single()), Is.EqualTo(new[] { "Doe, Jane", "j@x.io", "Acme, Inc." }));
    }

    [Test]
    public async Task Reader_UndoublesQuotesInsideQuotedFields()
    {
        var (_, records) = await ReaderKit.ReadEveryWayAsync(
            InputFormat.Csv, "name,email\n\"Jane \"\"JJ\"\" Doe\",j@x.io\n\"\"\"\",q@x.io\n\"a\"\"\"\"b\",r@x.io\n");

        Assert.That(records.Select(r => r.Values[0]), Is.EqualTo(new[] { "Jane \"JJ\" Doe", "\"", "a\"\"b" }));
    }

    [TestCase("\n")]
    [TestCase("\r\n")]
    [TestCase("\r")]
    public async Task Reader_KeepsLineBreaksInsideQuotesAndCountsTheirLines(string newline)
    {
        var text = $"email,note\na@x.io,\"first{newline}second{newline}third\"\nb@x.io,plain\n";

        var (_, records) = await ReaderKit.ReadEveryWayAsync(InputFormat.Csv, text);

        Assert.That(records[0].Values[1], Is.EqualTo($"first{newline}second{newline}third"));
        Assert.That(records.Select(r => (r.Row, r.Line)), Is.EqualTo(new[] { (1L, 2L), (2L, 5L) }));
    }

    [Test]
    public async Task Reader_KeepsUnicodeValues()
    {
        var (_, records) = await ReaderKit.ReadEveryWayAsync(
            InputFormat.Csv, "name,city,email\nJosé Müller,東京,\"😀 smile\"\nΣωκράτης,Αθήνα,s@x.gr\n");

        Assert.That(Values(records[0]), Is.EqualTo(new[] { "José Müller", "東京", "😀 smile" }));
        Assert.That(Values(records[1]), Is.EqualTo(new[] { "Σωκράτης", "Αθήνα", "s@x.gr" }));
    }

    [Test]
    public async Task Reader_SkipsBlankLinesWithoutCountingThemAsRows()
    {
        var (_, records) = await ReaderKit.ReadEveryWayAsync(InputFormat.Csv, "\n\r\nemail\n\na@x.io\r\n\r\n\rb@x.io\n\n\n");

        Assert.That(records.Select(r => (r.Row, r.Line, r.Values[0])), Is.EqualTo(new[] { (1L, 5L, "a@x.io"), (2L, 8L, "b@x.io") }));
    }

    [Test]
    public async Task Reader_PadsShortRowsWithNulls()
    {
        var (_, records) = await ReaderKit.ReadEveryWayAsync(InputFormat.Csv, "email,name,phone\na@x.io\nb@x.io,Bob\n");

        Assert.That(records[0].Values, Is.EqualTo(new string?[] { "a@x.io", null, null }));
        Assert.That(records[1].Values, Is.EqualTo(new string?[] { "b@x.io", "Bob", null }));
    }

    [Test]
    public async Task Reader_ReadsEmptyFieldsAsEmptyStrings()
    {
        var (_, records) = await ReaderKit.ReadEveryWayAsync(InputFormat.Csv, "email,name,phone\n,\"\",\na@x.io,,1\n");

        Assert.That(records[0].Values, Is.EqualTo(new string?[] { "", "", "" }));
        Assert.That(records[1].Values, Is.EqualTo(new string?[] { "a@x.io", "", "1" }));
    }

    [Test]
    public async Task Reader_ReadsLastRecordWithoutTrailingNewline()
    {
        var (_, records) = await ReaderKit.ReadEveryWayAsync(InputFormat.Csv, "email,name\na@x.io,Ann\nb@x.io,\"Bob\"");

        Assert.That(records.Select(r => r.Values[1]), Is.EqualTo(new[] { "Ann", "Bob" }));
    }

    [Test]
    public async Task Reader_ReadsTrailingEmptyFieldAtEndOfFile()
    {
        var (_, records) = await ReaderKit.ReadEveryWayAsync(InputFormat.Csv, "email,name\na@x.io,");

        Assert.That(records.Single().Values, Is.EqualTo(new string?[] { "a@x.io", "" }));
    }

    [Test]
    public async Task Reader_NamesEmptyHeaderColumnsByPosition()
    {
        var reader = new CsvContactReader(new MemoryStream(Encoding.UTF8.GetBytes("email,,\"\",  \na@x.io,1,2,3\n")));

        var records = await ReaderKit.ReadAllAsync(reader);

        Assert.That(reader.Columns, Is.EqualTo(new[] { "email", "column_2", "column_3", "column_4" }));
        Assert.That(Values(records.Single()), Is.EqualTo(new[] { "a@x.io", "1", "2", "3" }));
    }

    [Test]
    public async Task Reader_KeepsDuplicateHeaderNamesWithValuesByPosition()
    {
        var reader = new CsvContactReader(new MemoryStream(Encoding.UTF8.GetBytes("email,phone,phone\na@x.io,1,2\n")));

        var records = await ReaderKit.ReadAllAsync(reader);

        Assert.That(reader.Columns, Is.EqualTo(new[] { "email", "phone", "phone" }));
        Assert.That(Values(records.Single()), Is.EqualTo(new[] { "a@x.io", "1", "2" }));
    }

    [Test]
    public async Task Reader_TrimsHeaderNamesButNotValues()
    {
        var reader = new CsvContactReader(new MemoryStream(Encoding.UTF8.GetBytes(" Email , First Name \n a@x.io , Ann \n")));

        var records = await ReaderKit.ReadAllAsync(reader);

        Assert.That(reader.Columns, Is.EqualTo(new[] { "Email", "First Name" }));
        Assert.That(Values(records.Single()), Is.EqualTo(new[] { " a@x.io ", " Ann " }));
    }

    [Test]
    public async Task Reader_ReadsHeaderOnlyFileAsNoRecords()
    {
        var reader = new CsvContactReader(new MemoryStream(Encoding.UTF8.GetBytes("email,phone\r\n\r\n")));

        var records = await ReaderKit.ReadAllAsync(reader);

        Assert.That(records, Is.Empty);
        Assert.That(reader.Columns, Is.EqualTo(new[] { "email", "phone" }));
    }

    [Test]
    public async Task Reader_KeepsQuoteInsideUnquotedFieldLiterally()
    {
        var (_, records) = await ReaderKit.ReadEveryWayAsync(InputFormat.Csv, "title,email\n27\" monitor buyer,a@x.io\n");

        Assert.That(records.Single().Values[0], Is.EqualTo("27\" monitor buyer"));
    }

    [Test]
    public async Task Reader_ReadsQuotedHeaderNames()
    {
        var reader = new CsvContactReader(new MemoryStream(Encoding.UTF8.GetBytes("\"E-mail Address\",\"Name, Full\"\na@x.io,Ann\n")));

        await ReaderKit.ReadAllAsync(reader);

        Assert.That(reader.Columns, Is.EqualTo(new[] { "E-mail Address", "Name, Full" }));
    }

    [Test]
    public async Task Reader_ReadsRecordsLongerThanTheInitialWindow()
    {
        var longNote = string.Concat(Enumerable.Repeat("long, \"quoted\" note ✓ ", 500));
        var text = $"email,note\na@x.io,\"{longNote.Replace("\"", "\"\"", StringComparison.Ordinal)}\"\nb@x.io,short\n";

        var (_, records) = await ReaderKit.ReadEveryWayAsync(InputFormat.Csv, text);

        Assert.That(records[0].Values[1], Is.EqualTo(longNote));
        Assert.That(records[1].Values, Is.EqualTo(new[] { "b@x.io", "short" }));
    }

    [Test]
    public void Reader_ReadsItsStreamOnlyOnce()
    {
        var reader = new CsvContactReader(new MemoryStream(Encoding.UTF8.GetBytes("email\na@x.io\n")));
        Assert.That(async () => await ReaderKit.ReadAllAsync(reader), Throws.Nothing);

        Assert.That(async () => await ReaderKit.ReadAllAsync(reader), Throws.InvalidOperationException);
    }

    [Test]
    public void Reader_StopsWhenCancelled()
    {
        using var cancellation = new CancellationTokenSource();
        var stream = new GeneratedStream("email", 1_000_000, i => $"user{i}@x.io");
        var reader = new CsvContactReader(stream);

        Assert.That(
            async () =>
            {
                await foreach (var record in reader.ReadAsync(cancellation.Token))
                {
                    if (record.Row == 10)
                    {
                        await cancellation.CancelAsync();
                    }
                }
            },
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(stream.BytesProduced, Is.LessThan(1_000_000));
    }

    [Test]
    public async Task Reader_StreamsLargeGeneratedInputWithoutHoldingIt()
    {
        const int rows = 200_000;
        var stream = new GeneratedStream(
            "email,first name,last name,company,note",
            rows,
            i => $"user{i}@example.com,Fïrst{i},Last{i},\"Company {i}, Ltd\",\"multi\nline {i}\"");
        var reader = new CsvContactReader(stream);
        long count = 0;
        long producedAtFirstRecord = -1;
        InputRecord? last = null;

        await foreach (var record in reader.ReadAsync(CancellationToken.None))
        {
            if (producedAtFirstRecord < 0)
            {
                producedAtFirstRecord = stream.BytesProduced;
            }

            Assert.That(record.Row, Is.EqualTo(count + 1));
            count++;
            last = record;
        }

        Assert.That(count, Is.EqualTo(rows));
        Assert.That(last!.Values, Is.EqualTo(new[] { $"user{rows}@example.com", $"Fïrst{rows}", $"Last{rows}", $"Company {rows}, Ltd", $"multi\nline {rows}" }));
        Assert.That(last.Line, Is.EqualTo(2 + ((rows - 1) * 2L)));

        // The first record came out after a window's worth of input, not after the whole text.
        Assert.That(producedAtFirstRecord, Is.LessThan(1024 * 1024));
        Assert.That(stream.BytesProduced, Is.GreaterThan(15_000_000));
    }
}
