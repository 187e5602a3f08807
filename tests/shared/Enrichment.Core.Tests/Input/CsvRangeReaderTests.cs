using System.Text;
using System.Text.Json;
using Enrichment.Core.Batching;
using Enrichment.Core.Input;
using Enrichment.Core.Serialization;
using Enrichment.Testing;

namespace Enrichment.Core.Tests.Input;

/// <summary>
/// The worker's read of a batch's byte range (issue 13): every record the same batch row, to the byte
/// of its part fields, as the split's path made it (the rows <see cref="CsvContactReader"/> wrote as
/// JSON, read back by <see cref="BatchRowJsonConverter"/>), wherever the list is cut at a record.
/// </summary>
public sealed class CsvRangeReaderTests
{
    private static readonly string[] Pieces =
    [
        "plain", "Ann", " ", "é", "Анна", "Смирнова", "中文", "😀", "👩‍👩‍👧", "\"", "\"\"", "\\", "'", "\r", "\n", "\r\n", "\t",
        "\u0001", "\0", "\u2028", "\uFEFF", ",", ";", "<b>&", "+44 20 7946 0722", "a@b.co",
    ];

    public static IEnumerable<TestCaseData> EdgeCases()
    {
        yield return new TestCaseData("email,name,notes\na@b.co,\"Ann \"\"The\"\" Smith\",\"\"\"\"\nb@c.co,\"\"\"quoted\"\"\",x\n").SetName("{m}(doubled quotes)");
        yield return new TestCaseData("email,name,notes\na@b.co,\"Smith, Ann\",\"a,b,,c\"\n").SetName("{m}(embedded delimiters)");
        yield return new TestCaseData("email,notes\r\na@b.co,\"line one\r\nline two\"\r\nb@c.co,\"\r\n\r\n\"\r\n").SetName("{m}(embedded CRLF)");
        yield return new TestCaseData("email,notes\na@b.co,\"one\ntwo\rthree\r\n\"\n").SetName("{m}(embedded LF, CR and CRLF)");
        yield return new TestCaseData("email,name\ra@b.co,Ann\rb@c.co,\"multi\rline\"\rc@d.co,Cy\r").SetName("{m}(lone CR line ends)");
        yield return new TestCaseData("email;name;city\na@b.co;\"Ann; Jr\";Köln\nb@c.co;Bob,Jr;\n").SetName("{m}(semicolon delimiter)");
        yield return new TestCaseData("email\tname\tcity\na@b.co\t\"Ann\tB\"\tKöln\nb@c.co\tBob;Jr,x\t\n").SetName("{m}(tab delimiter)");
        yield return new TestCaseData("email,name\n\n\r\n\ra@b.co,Ann\n\n\nb@c.co,Bob\r\n\r\n\n").SetName("{m}(blank lines inside and at the ends)");
        yield return new TestCaseData("email,name,phone,company\na@b.co\nb@c.co,Bob\n\"\"\nc@d.co,Cy,1,\n").SetName("{m}(short rows)");
        yield return new TestCaseData("email,name,phone\n,,\na@b.co,,\"\"\n\"\",\"\",\"\"\n,\n").SetName("{m}(empty fields)");
        yield return new TestCaseData("email,first name,notes\nанна@пример.рф,Анна 😀,中文 👩‍👩‍👧\nb@c.co,José,\"Ωmega, 😀\"\n").SetName("{m}(non-ASCII)");
        yield return new TestCaseData("email,name\na@b.co,Ann\nb@c.co,\n").SetName("{m}(exactly the columns)");
        yield return new TestCaseData("email,name\na@b.co,Ann\nb@c.co,\"Bob\"").SetName("{m}(no line end after the last record)");
        yield return new TestCaseData("email,size\na@b.co,5\" screen\nb@c.co,a\"\"b\n").SetName("{m}(quote inside an unquoted field)");
        yield return new TestCaseData("email,notes\na@b.co,\"\0\u0001\u001F\u007F\u2028\\/<>&'\"\n").SetName("{m}(control and escaped characters)");
        yield return new TestCaseData(
            $"email,notes,other\na@b.co,{new string('x', 62)},{new string('y', 63)}\nb@c.co,\"{new string('ж', 2100)}\",{new string('z', 5000)}\n")
            .SetName("{m}(values whose lengths take two and three bytes)");
        yield return new TestCaseData("email,note\n\uFEFFa@b.co,\uFEFF\n").SetName("{m}(a BOM character inside the list is a value's)");
    }

    [TestCaseSource(nameof(EdgeCases))]
    public async Task ReadRows_GiveTheSplitPathsRows_ForEveryCutAtARecord(string csv)
    {
        var list = Encoding.UTF8.GetBytes(csv);

        await AssertEveryCutAgreesAsync(list, ContactReaderOptions.Default, new Random(1));
        await AssertEveryCutAgreesAsync(list, ReaderKit.Tiny, new Random(2));
    }

    [TestCase(',', 1)]
    [TestCase(';', 2)]
    [TestCase('\t', 3)]
    public async Task ReadRows_GiveTheSplitPathsRows_OfAGeneratedMessyList(char delimiter, int seed)
    {
        var list = Encoding.UTF8.GetBytes(MessyCsv(delimiter, 2000, seed));

        await AssertEveryCutAgreesAsync(list, ContactReaderOptions.Default, new Random(seed));
        await AssertEveryCutAgreesAsync(list, ReaderKit.Tiny, new Random(seed + 10));
    }

    [TestCase('|', 4)]
    [TestCase('§', 5)]
    [TestCase('\u2028', 6)]
    public async Task ReadRows_GiveTheSplitPathsRows_WithADelimiterTheOptionsSet(char delimiter, int seed)
    {
        // Only the options set such a delimiter; a non-ASCII one is read by the char parser, the rest as bytes.
        var list = Encoding.UTF8.GetBytes(MessyCsv(delimiter, 500, seed));
        var split = new ContactReaderOptions { CsvDelimiter = delimiter };

        await AssertEveryCutAgreesAsync(list, ContactReaderOptions.Default, new Random(seed), split);
        await AssertEveryCutAgreesAsync(list, ReaderKit.Tiny, new Random(seed + 10), split);
    }

    [Test]
    public async Task ReadRows_GiveTheSplitPathsRows_OfTheSampleList()
    {
        var list = await File.ReadAllBytesAsync(TestPaths.InRepository("samples", "contacts.csv"));

        var rows = await AssertEveryCutAgreesAsync(list, ContactReaderOptions.Default, new Random(7));

        Assert.That(rows, Is.GreaterThan(4000));
    }

    [Test]
    public async Task ReadRows_WriteEachValueAsAPartField_EmptyAsEmpty_AndPadWithNulls()
    {
        var rows = await ReadAsync("a@b.co,\n", ',', columns: 3, firstRow: 9);

        byte[] expected = [3, 7, .. "a@b.co"u8, 1, 0];
        Assert.That(rows.Select(r => r.Row), Is.EqualTo(new[] { 9L }));
        Assert.That(rows[0].Fields, Is.EqualTo(expected));
        Assert.That(rows[0].Values, Is.EqualTo(new[] { "a@b.co", "", null }));
    }

    [Test]
    public async Task ReadRows_NumberRecordsFromTheFirstRow_BlankLinesNotCounted()
    {
        var rows = await ReadAsync("\n\r\na,b\n\n\rc,d\r\n\r\n", ',', columns: 2, firstRow: 7);

        Assert.That(rows.Select(r => (r.Row, string.Join("|", r.Values))), Is.EqualTo(new[] { (7L, "a|b"), (8L, "c|d") }));
    }

    [Test]
    public async Task ReadRows_ReadARangeCutInsideACrlf_AsTheWholeListReadsIt()
    {
        // The CR ends the first range's last record; the LF left at the second range's start is a blank line.
        var list = Encoding.UTF8.GetBytes("email,name\r\na@b.co,Ann\r\nb@c.co,Bob\r\n");
        var (expected, _, _, _) = await SplitPathAsync(list);
        var body = "email,name\r\n".Length;
        var cut = body + "a@b.co,Ann\r".Length;

        var first = await CsvRangeReader.ReadRowsAsync(list.AsMemory(body, cut - body), ',', 2, 1, ContactReaderOptions.Default, CancellationToken.None);
        var second = await CsvRangeReader.ReadRowsAsync(list.AsMemory(cut), ',', 2, 2, ContactReaderOptions.Default, CancellationToken.None);

        AssertSameRows([.. first, .. second], expected, "cut inside a CRLF");
    }

    [TestCase("")]
    [TestCase("\n")]
    [TestCase("\r\n\r\n\r")]
    public async Task ReadRows_OfARangeWithNoRecord_AreNone(string range)
    {
        var rows = await ReadAsync(range, ',', columns: 2, firstRow: 1);

        Assert.That(rows, Is.Empty);
    }

    [Test]
    public void ReadRows_RefuseInvalidUtf8()
    {
        byte[] range = [.. "a@b.co,Ann\nsecret@b.co,Bo"u8, 0xFF, .. "b\n"u8];

        var refused = Assert.ThrowsAsync<InvalidDataException>(
            () => CsvRangeReader.ReadRowsAsync(range, ',', 2, 1, ContactReaderOptions.Default, CancellationToken.None));

        Assert.That(refused!.Message, Does.Contain("UTF-8").And.Not.Contain("secret"));
    }

    [Test]
    public void ReadRows_RefuseAUtf8SequenceCutShortAtTheRangesEnd()
    {
        byte[] range = [.. "a@b.co,Ann\nb@c.co,"u8, 0xE2, 0x82];

        Assert.ThrowsAsync<InvalidDataException>(
            () => CsvRangeReader.ReadRowsAsync(range, ',', 2, 1, ContactReaderOptions.Default, CancellationToken.None));
    }

    [Test]
    public void ReadRows_RefuseARecordWithMoreFieldsThanColumns_NamingItsRowButNoValue()
    {
        var refused = Assert.ThrowsAsync<InvalidDataException>(
            () => ReadAsync("a@b.co,Ann\nsecret@b.co,Bob,Hidden\n", ',', columns: 2, firstRow: 41));

        Assert.That(refused!.Message, Does.Contain("row 42").And.Contain("3 fields").And.Not.Contain("secret").And.Not.Contain("Hidden"));
    }

    [Test]
    public void ReadRows_RefuseAQuoteUnclosedAtTheRangesEnd_NamingItsRowButNoValue()
    {
        var refused = Assert.ThrowsAsync<InvalidDataException>(
            () => ReadAsync("a@b.co,Ann\nsecret@b.co,\"Bob\nHidden\n", ',', columns: 2, firstRow: 5));

        Assert.That(refused!.Message, Does.Contain("row 6").And.Not.Contain("secret").And.Not.Contain("Hidden"));
    }

    [Test]
    public void ReadRows_RefuseACharacterAfterAClosingQuote_NamingItsRowButNoValue()
    {
        var refused = Assert.ThrowsAsync<InvalidDataException>(
            () => ReadAsync("\"Secret\"Q@b.co,Ann\n", ',', columns: 2, firstRow: 3));

        Assert.That(refused!.Message, Does.Contain("row 3").And.Not.Contain("Secret").And.Not.Contain("'Q'"));
    }

    [Test]
    public void ReadRows_StopWhenCancelled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.That(
            () => CsvRangeReader.ReadRowsAsync("a,b\n"u8.ToArray(), ',', 2, 1, ContactReaderOptions.Default, cancelled.Token),
            Throws.InstanceOf<OperationCanceledException>());
    }

    private static Task<List<BatchRow>> ReadAsync(string range, char delimiter, int columns, long firstRow) =>
        CsvRangeReader.ReadRowsAsync(Encoding.UTF8.GetBytes(range), delimiter, columns, firstRow, ContactReaderOptions.Default, CancellationToken.None);

    /// <summary>
    /// Reads the list's body as one range, each record as its own range, and cut at random records,
    /// and checks each against the split's path; answers the row count.
    /// </summary>
    private static async Task<int> AssertEveryCutAgreesAsync(byte[] list, ContactReaderOptions options, Random random, ContactReaderOptions? split = null)
    {
        var (expected, delimiter, columns, starts) = await SplitPathAsync(list, split ?? ContactReaderOptions.Default);
        Assert.That(starts, Has.Count.EqualTo(expected.Fields.Count));

        // The header is one line here, so the body is all after its first line end.
        var body = LineStarts(list)[1];
        var whole = await CsvRangeReader.ReadRowsAsync(list.AsMemory(body), delimiter, columns, 1, options, CancellationToken.None);
        AssertSameRows(whole, expected, "the whole body");

        var single = new List<BatchRow>();
        for (var i = 0; i < starts.Count; i++)
        {
            var end = i + 1 < starts.Count ? starts[i + 1] : list.Length;
            single.AddRange(await CsvRangeReader.ReadRowsAsync(list.AsMemory(starts[i], end - starts[i]), delimiter, columns, i + 1, options, CancellationToken.None));
        }

        AssertSameRows(single, expected, "each record alone");

        var cut = new List<BatchRow>();
        var from = body;
        var firstRow = 1L;
        for (var i = 1; i <= starts.Count; i++)
        {
            if (i == starts.Count || random.Next(25) == 0)
            {
                var end = i == starts.Count ? list.Length : starts[i];
                cut.AddRange(await CsvRangeReader.ReadRowsAsync(list.AsMemory(from, end - from), delimiter, columns, firstRow, options, CancellationToken.None));
                from = end;
                firstRow = i + 1;
            }
        }

        AssertSameRows(cut, expected, "cut at random records");
        return expected.Fields.Count;
    }

    /// <summary>
    /// The rows as the worker reads them today: the split's JSON of each (<see cref="CsvContactReader.ReadBatchRowsAsync"/>),
    /// read back as a message's rows are; with the list's delimiter, column count and each record's first byte.
    /// </summary>
    private static async Task<(Expected Rows, char Delimiter, int Columns, List<int> RecordStarts)> SplitPathAsync(byte[] list, ContactReaderOptions? options = null)
    {
        var reader = new CsvContactReader(new MemoryStream(list), options);
        var written = new List<BatchRow>();
        await foreach (var row in reader.ReadBatchRowsAsync(CancellationToken.None))
        {
            written.Add(row);
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(written, EnrichmentJsonContext.Default.ListBatchRow);
        var rows = JsonSerializer.Deserialize(json, EnrichmentJsonContext.Default.ListBatchRow)!;

        // A record starts at the start of the line the reader says it starts on.
        var lines = LineStarts(list);
        var records = await ReaderKit.ReadAllAsync(new CsvContactReader(new MemoryStream(list), options));
        return (Expected.Of(rows), reader.Delimiter!.Value, reader.Columns.Count, records.ConvertAll(r => lines[(int)r.Line - 1]));
    }

    /// <summary>Where each line starts, its breaks counted as the parser counts them (CRLF, LF or a lone CR).</summary>
    private static List<int> LineStarts(byte[] list)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < list.Length; i++)
        {
            if (list[i] == '\n' || (list[i] == '\r' && (i + 1 == list.Length || list[i + 1] != '\n')))
            {
                starts.Add(i + 1);
            }
        }

        return starts;
    }

    private static void AssertSameRows(List<BatchRow> actual, Expected expected, string how)
    {
        // The fields first: reading the values leaves a row without them.
        Assert.That(actual.ConvertAll(Describe), Is.EqualTo(expected.Fields), how);
        Assert.That(actual.ConvertAll(r => r.Values), Is.EqualTo(expected.Values), how);
    }

    private static string Describe(BatchRow row) =>
        row.Fields is { } fields ? $"{row.Row}:{Convert.ToHexString(fields)}" : $"{row.Row}: no fields";

    /// <summary>The split path's rows, their fields described (row and bytes) before their values are read.</summary>
    private sealed record Expected(List<string> Fields, List<string?[]> Values)
    {
        public static Expected Of(List<BatchRow> rows)
        {
            var fields = rows.ConvertAll(Describe);
            Assert.That(fields, Has.None.EndsWith(": no fields"), "the split path's rows read back as fields");
            return new Expected(fields, rows.ConvertAll(r => r.Values));
        }
    }

    /// <summary>
    /// A list of every shape a field and a line end take: quoted or not, empty, short rows, blank lines,
    /// CRLF, LF and lone CR, a literal quote inside an unquoted field, non-ASCII and control characters.
    /// </summary>
    private static string MessyCsv(char delimiter, int rows, int seed)
    {
        string[] lineEnds = ["\n", "\r\n", "\r"];
        var random = new Random(seed);
        var csv = new StringBuilder(string.Join(delimiter, "email", "first name", "phone", "company", "notes")).Append("\r\n");
        for (var row = 0; row < rows; row++)
        {
            var fields = 1 + random.Next(5);
            for (var field = 0; field < fields; field++)
            {
                var value = new StringBuilder();
                for (var length = random.Next(0, 12); length > 0; length--)
                {
                    value.Append(Pieces[random.Next(Pieces.Length)]);
                }

                var text = value.ToString();
                var mustQuote = text.StartsWith('"') || text.AsSpan().ContainsAny(['\r', '\n', delimiter]);
                csv.Append(field > 0 ? delimiter.ToString() : "");
                if (mustQuote || random.Next(3) == 0)
                {
                    csv.Append('"').Append(text.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
                }
                else
                {
                    csv.Append(text);
                }
            }

            csv.Append(lineEnds[random.Next(lineEnds.Length)]);
            if (random.Next(10) == 0)
            {
                csv.Append(lineEnds[random.Next(lineEnds.Length)]);
            }
        }

        return csv.ToString();
    }
}
