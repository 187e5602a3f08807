using Enrichment.Core.Input;

namespace Enrichment.Core.Tests.Input;

public sealed class JsonLinesContactReaderTests
{
    [Test]
    public async Task Reader_ReadsOneObjectPerLine()
    {
        var (columns, records) = await ReaderKit.ReadEveryWayAsync(
            InputFormat.JsonLines,
            "{\"email\":\"a@x.io\",\"name\":\"Ann\"}\n{\"name\":\"Bob\",\"phone\":\"+1 555\"}\n");

        Assert.That(columns, Is.EqualTo(new[] { "email", "name", "phone" }));
        Assert.That(records[0].Values, Is.EqualTo(new string?[] { "a@x.io", "Ann" }));
        Assert.That(records[1].Values, Is.EqualTo(new string?[] { null, "Bob", "+1 555" }));
        Assert.That(records.Select(r => (r.Row, r.Line)), Is.EqualTo(new[] { (1L, 1L), (2L, 2L) }));
    }

    [Test]
    public async Task Reader_SkipsBlankLinesAndKeepsTrueLineNumbers()
    {
        var (_, records) = await ReaderKit.ReadEveryWayAsync(
            InputFormat.JsonLines, "\n  \n{\"email\":\"a@x.io\"}\r\n\r\n\t\n{\"email\":\"b@x.io\"}\n\n");

        Assert.That(records.Select(r => (r.Row, r.Line, r.Values[0])), Is.EqualTo(new[] { (1L, 3L, "a@x.io"), (2L, 6L, "b@x.io") }));
    }

    [Test]
    public async Task Reader_ReadsLastLineWithoutNewline()
    {
        var (_, records) = await ReaderKit.ReadEveryWayAsync(InputFormat.JsonLines, "{\"email\":\"a@x.io\"}\n{\"email\":\"b@x.io\"}");

        Assert.That(records.Select(r => r.Values[0]), Is.EqualTo(new[] { "a@x.io", "b@x.io" }));
    }

    [Test]
    public async Task Reader_ConvertsValuesByJsonType()
    {
        var (_, records) = await ReaderKit.ReadEveryWayAsync(
            InputFormat.JsonLines, """{"s":"Zo\u00eb","n":0.10,"t":true,"z":null,"o":{"k":"v"},"a":[1,"2"]}""");

        Assert.That(records.Single().Values, Is.EqualTo(new string?[] { "Zoë", "0.10", "true", null, """{"k":"v"}""", """[1,"2"]""" }));
    }

    [Test]
    public async Task Reader_ReadsEmptyInputAsNoRecords()
    {
        var (_, records) = await ReaderKit.ReadEveryWayAsync(InputFormat.JsonLines, "\n\n");

        Assert.That(records, Is.Empty);
    }

    [Test]
    public async Task Reader_SkipsUtf8ByteOrderMark()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. "{\"email\":\"a@x.io\"}\n"u8];

        var records = await ReaderKit.ReadAllAsync(InputFormat.JsonLines, bytes);

        Assert.That(records.Single().Values, Is.EqualTo(new[] { "a@x.io" }));
    }

    [Test]
    public async Task Reader_ReadsLinesLongerThanTheInitialWindow()
    {
        var note = new string('é', 5000);
        var (_, records) = await ReaderKit.ReadEveryWayAsync(
            InputFormat.JsonLines, $"{{\"email\":\"a@x.io\",\"note\":\"{note}\"}}\n{{\"email\":\"b@x.io\"}}\n");

        Assert.That(records[0].Values[1], Is.EqualTo(note));
        Assert.That(records[1].Values[0], Is.EqualTo("b@x.io"));
    }

    [Test]
    public async Task Reader_StreamsLargeGeneratedInput()
    {
        const int rows = 200_000;
        var stream = new GeneratedStream(null, rows, i => $$"""{"email":"user{{i}}@example.com","company":"Cömpany {{i}}","n":{{i}}}""");
        var reader = new JsonLinesContactReader(stream);
        long count = 0;
        long producedAtFirstRecord = -1;
        InputRecord? last = null;

        await foreach (var record in reader.ReadAsync(CancellationToken.None))
        {
            producedAtFirstRecord = producedAtFirstRecord < 0 ? stream.BytesProduced : producedAtFirstRecord;
            count++;
            Assert.That((record.Row, record.Line), Is.EqualTo((count, count)));
            last = record;
        }

        Assert.That(count, Is.EqualTo(rows));
        Assert.That(last!.Values, Is.EqualTo(new[] { $"user{rows}@example.com", $"Cömpany {rows}", $"{rows}" }));
        Assert.That(producedAtFirstRecord, Is.LessThan(1024 * 1024));
        Assert.That(stream.BytesProduced, Is.GreaterThan(10_000_000));
    }

    [Test]
    public async Task Reader_RejectsInvalidLineWithItsNumberAndColumn()
    {
        var error = await ReaderKit.FailAsync(InputFormat.JsonLines, "{\"email\":\"a@x.io\"}\n\n{\"email\" \"b@x.io\"}\n{\"email\":\"c@x.io\"}\n");

        Assert.That(error.Reason, Does.StartWith("invalid JSON:"));
        Assert.That(error.Reason, Does.Not.Contain("LineNumber"));
        Assert.That((error.Line, error.Column), Is.EqualTo((3L, (long?)10)));
    }

    [Test]
    public async Task Reader_RejectsObjectSpreadOverTwoLines()
    {
        var error = await ReaderKit.FailAsync(InputFormat.JsonLines, "{\"email\":\"a@x.io\",\n\"name\":\"Ann\"}\n");

        Assert.That(error.Reason, Does.StartWith("invalid JSON:"));
        Assert.That(error.Line, Is.EqualTo(1));
    }

    [TestCase("[{\"email\":\"a@x.io\"}]", "an array")]
    [TestCase("\"a@x.io\"", "a string")]
    [TestCase("  12", "a number")]
    [TestCase("null", "null")]
    public async Task Reader_RejectsLineThatIsNotAnObject(string line, string found)
    {
        var error = await ReaderKit.FailAsync(InputFormat.JsonLines, "{\"email\":\"a@x.io\"}\n" + line + "\n");

        Assert.That(error.Reason, Is.EqualTo($"the line holds {found}, not an object; each line must be one JSON object"));
        Assert.That((error.Line, error.Column), Is.EqualTo((2L, (long?)(line.Length - line.TrimStart().Length + 1))));
    }

    [Test]
    public async Task Reader_RejectsTwoObjectsOnOneLine()
    {
        var error = await ReaderKit.FailAsync(InputFormat.JsonLines, "{\"email\":\"a@x.io\"} {\"email\":\"b@x.io\"}\n");

        Assert.That(error.Reason, Does.StartWith("invalid JSON:"));
        Assert.That((error.Line, error.Column), Is.EqualTo((1L, (long?)20)));
    }

    [Test]
    public async Task Reader_RejectsLineLongerThanLimit()
    {
        var options = new ContactReaderOptions { BufferSize = 64, MaxRecordLength = 512 };
        var text = "{\"email\":\"a@x.io\"}\n{\"note\":\"" + new string('x', 2000) + "\"}\n";

        var error = await ReaderKit.FailAsync(InputFormat.JsonLines, text, options);

        Assert.That(error.Reason, Does.Contain("longer than the limit of 512 bytes"));
        Assert.That((error.Line, error.Column), Is.EqualTo((2L, (long?)1)));
    }

    [Test]
    public async Task Reader_RejectsInvalidUtf8()
    {
        byte[] bytes = [.. "{\"email\":\"a@x.io\"}\n{\"name\":\"Zo"u8, 0xEB, .. "\"}\n"u8];

        var error = await ReaderKit.FailAsync(InputFormat.JsonLines, bytes);

        Assert.That(error.Reason, Does.Contain("UTF-8"));
        Assert.That(error.Line, Is.EqualTo(2));
    }
}
