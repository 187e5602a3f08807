using Enrichment.Core.Input;

namespace Enrichment.Core.Tests.Input;

public sealed class JsonArrayContactReaderTests
{
    [Test]
    public async Task Reader_ReadsObjectsAsColumnsInFirstSeenOrder()
    {
        var (columns, records) = await ReaderKit.ReadEveryWayAsync(
            InputFormat.Json,
            """[{"email":"a@x.io","name":"Ann"},{"name":"Bob","email":"b@x.io","phone":"+1 555"},{"city":"Oslo"}]""");

        Assert.That(columns, Is.EqualTo(new[] { "email", "name", "phone", "city" }));
        Assert.That(records[0].Values, Is.EqualTo(new string?[] { "a@x.io", "Ann" }));
        Assert.That(records[1].Values, Is.EqualTo(new string?[] { "b@x.io", "Bob", "+1 555" }));
        Assert.That(records[2].Values, Is.EqualTo(new string?[] { null, null, null, "Oslo" }));
        Assert.That(records.Select(r => r.Row), Is.EqualTo(new[] { 1L, 2L, 3L }));
    }

    [Test]
    public async Task Reader_ConvertsValuesByJsonType()
    {
        var (_, records) = await ReaderKit.ReadEveryWayAsync(
            InputFormat.Json,
            """[{"s":"text","n":1.50,"e":1e3,"neg":-7,"t":true,"f":false,"z":null,"o":{"a":[1, 2]},"arr":["x", {"y":null}]}]""");

        Assert.That(records.Single().Values, Is.EqualTo(new string?[]
        {
            "text", "1.50", "1e3", "-7", "true", "false", null, """{"a":[1, 2]}""", """["x", {"y":null}]""",
        }));
    }

    [Test]
    public async Task Reader_UnescapesStrings()
    {
        var (_, records) = await ReaderKit.ReadEveryWayAsync(
            InputFormat.Json, """[{"name":"Jos\u00e9 \"JJ\"\nM\u00fcller \ud83d\ude00","email":"a\/b@x.io"}]""");

        Assert.That(records.Single().Values, Is.EqualTo(new[] { "José \"JJ\"\nMüller 😀", "a/b@x.io" }));
    }

    [Test]
    public async Task Reader_TreatsEscapedKeyAsTheSameColumn()
    {
        var (columns, records) = await ReaderKit.ReadEveryWayAsync(
            InputFormat.Json, """[{"email":"a@x.io"},{"em\u0061il":"b@x.io"}]""");

        Assert.That(columns, Is.EqualTo(new[] { "email" }));
        Assert.That(records.Select(r => r.Values[0]), Is.EqualTo(new[] { "a@x.io", "b@x.io" }));
    }

    [Test]
    public async Task Reader_KeepsValuesAlignedWhenKeyOrderChanges()
    {
        var (_, records) = await ReaderKit.ReadEveryWayAsync(
            InputFormat.Json,
            """[{"a":"1","b":"2","c":"3"},{"c":"30","a":"10","b":"20"},{"b":"200"},{"a":"1000","b":"2000","c":"3000"}]""");

        Assert.That(records.Select(r => string.Join(",", r.Values.Select(v => v ?? "-"))),
            Is.EqualTo(new[] { "1,2,3", "10,20,30", "-,200", "1000,2000,3000" }), "a record carries values up to its own last key, no padding");
    }

    [Test]
    public async Task Reader_TakesLastValueOfDuplicateKey()
    {
        var (columns, records) = await ReaderKit.ReadEveryWayAsync(InputFormat.Json, """[{"email":"old@x.io","email":"new@x.io"}]""");

        Assert.That(columns, Is.EqualTo(new[] { "email" }));
        Assert.That(records.Single().Values, Is.EqualTo(new[] { "new@x.io" }));
    }

    [Test]
    public async Task Reader_ReadsEmptyArrayAsNoRecords()
    {
        var (columns, records) = await ReaderKit.ReadEveryWayAsync(InputFormat.Json, " [ ] \n");

        Assert.That(records, Is.Empty);
        Assert.That(columns, Is.Empty);
    }

    [Test]
    public async Task Reader_ReadsEmptyObjectAsRecordWithNoValues()
    {
        var (_, records) = await ReaderKit.ReadEveryWayAsync(InputFormat.Json, "[{}, {\"email\":\"a@x.io\"}]");

        Assert.That(records[0].Values, Is.Empty);
        Assert.That(records[1].Values, Is.EqualTo(new[] { "a@x.io" }));
    }

    [Test]
    public async Task Reader_ReportsTheLineWhereEachObjectStarts()
    {
        var text = "[\n  {\n    \"email\": \"a@x.io\"\n  },\n  {\"email\": \"b@x.io\"},\r\n\r\n  {\n\"email\":\n\"c@x.io\"}\n]\n";

        var (_, records) = await ReaderKit.ReadEveryWayAsync(InputFormat.Json, text);

        Assert.That(records.Select(r => (r.Row, r.Line)), Is.EqualTo(new[] { (1L, 2L), (2L, 5L), (3L, 7L) }));
    }

    [Test]
    public async Task Reader_SkipsUtf8ByteOrderMark()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. """[{"email":"a@x.io"}]"""u8];

        var records = await ReaderKit.ReadAllAsync(InputFormat.Json, bytes);
        var trickled = await ReaderKit.ReadAllAsync(ContactReaders.Open(new TrickleStream(bytes), InputFormat.Json, ReaderKit.Tiny));

        Assert.That(records.Single().Values, Is.EqualTo(new[] { "a@x.io" }));
        Assert.That(trickled.Single().Values, Is.EqualTo(new[] { "a@x.io" }));
    }

    [Test]
    public async Task Reader_ReadsObjectsBiggerThanTheInitialWindow()
    {
        var note = string.Concat(Enumerable.Repeat("ünïcode \\\"escaped\\\" ", 300));
        var text = $$"""[{"email":"a@x.io","note":"{{note}}"},{"email":"b@x.io"}]""";

        var (_, records) = await ReaderKit.ReadEveryWayAsync(InputFormat.Json, text);

        Assert.That(records[0].Values[1], Is.EqualTo(note.Replace("\\\"", "\"", StringComparison.Ordinal)));
        Assert.That(records[1].Values[0], Is.EqualTo("b@x.io"));
    }

    [Test]
    public async Task Reader_StreamsLargeGeneratedArray()
    {
        const int rows = 200_000;
        var stream = new GeneratedStream(
            "[",
            rows,
            i => (i > 1 ? "," : "") + $$"""{"email":"user{{i}}@example.com","first_name":"Fïrst{{i}}","score":{{i}},"tags":["a","b"]}""" + (i == rows ? "]" : ""));
        var reader = new JsonArrayContactReader(stream);
        long count = 0;
        long producedAtFirstRecord = -1;
        InputRecord? last = null;

        await foreach (var record in reader.ReadAsync(CancellationToken.None))
        {
            producedAtFirstRecord = producedAtFirstRecord < 0 ? stream.BytesProduced : producedAtFirstRecord;
            count++;
            Assert.That(record.Row, Is.EqualTo(count));
            last = record;
        }

        Assert.That(count, Is.EqualTo(rows));
        Assert.That(last!.Values, Is.EqualTo(new[] { $"user{rows}@example.com", $"Fïrst{rows}", $"{rows}", """["a","b"]""" }));
        Assert.That(last.Line, Is.EqualTo(rows + 1));
        Assert.That(producedAtFirstRecord, Is.LessThan(1024 * 1024));
        Assert.That(stream.BytesProduced, Is.GreaterThan(15_000_000));
    }

    [Test]
    public void Reader_ReadsItsStreamOnlyOnce()
    {
        var reader = new JsonArrayContactReader(new MemoryStream("[]"u8.ToArray()));
        Assert.That(async () => await ReaderKit.ReadAllAsync(reader), Throws.Nothing);

        Assert.That(async () => await ReaderKit.ReadAllAsync(reader), Throws.InvalidOperationException);
    }

    [TestCase("")]
    [TestCase("  \r\n\t ")]
    public async Task Reader_RejectsEmptyFile(string text)
    {
        var error = await ReaderKit.FailAsync(InputFormat.Json, text);

        Assert.That(error.Reason, Does.StartWith("the file is empty"));
        Assert.That(error.Line, Is.GreaterThanOrEqualTo(1));
    }

    [TestCase("{\"email\":\"a@x.io\"}", "an object", 1, 1)]
    [TestCase("\n  \"a@x.io\"", "a string", 2, 3)]
    [TestCase("42", "a number", 1, 1)]
    public async Task Reader_RejectsTopLevelThatIsNotAnArray(string text, string found, long line, long column)
    {
        var error = await ReaderKit.FailAsync(InputFormat.Json, text);

        Assert.That(error.Reason, Does.StartWith("the top level must be a JSON array of contact objects"));
        Assert.That(error.Reason, Does.EndWith($"found {found}"));
        Assert.That((error.Line, error.Column), Is.EqualTo((line, (long?)column)));
    }

    [TestCase("[{\"email\":\"a@x.io\"},\n  \"b@x.io\"]", 2, "a string", 2, 3)]
    [TestCase("[{}, {}, 7]", 3, "a number", 1, 10)]
    [TestCase("[\n[\"a@x.io\"]]", 1, "an array", 2, 1)]
    [TestCase("[{},null]", 2, "null", 1, 5)]
    public async Task Reader_RejectsElementThatIsNotAnObject(string text, int item, string found, long line, long column)
    {
        var error = await ReaderKit.FailAsync(InputFormat.Json, text);

        Assert.That(error.Reason, Is.EqualTo($"item {item} of the array is {found}, not an object; each contact must be a JSON object"));
        Assert.That((error.Line, error.Column), Is.EqualTo((line, (long?)column)));
    }

    [Test]
    public async Task Reader_RejectsMissingColonWithPosition()
    {
        var error = await ReaderKit.FailAsync(InputFormat.Json, "[\n  {\"email\":\"a@x.io\"},\n  {\"email\" \"b@x.io\"}\n]");

        Assert.That(error.Reason, Does.StartWith("invalid JSON:"));
        Assert.That(error.Reason, Does.Not.Contain("LineNumber"));
        Assert.That((error.Line, error.Column), Is.EqualTo((3L, (long?)12)));
    }

    [Test]
    public async Task Reader_RejectsErrorDeepInLargeFileWithItsTrueLine()
    {
        var text = "[\n" + string.Concat(Enumerable.Range(1, 3000).Select(i => $"{{\"email\":\"u{i}@x.io\"}},\n")) + "{\"email\": tru}\n]";

        var error = await ReaderKit.FailAsync(InputFormat.Json, text);

        Assert.That(error.Reason, Is.EqualTo("invalid JSON: the value here is an invalid JSON literal. Expected the literal 'true'."));
        Assert.That((error.Line, error.Column), Is.EqualTo((3002L, (long?)14)));
    }

    [Test]
    public async Task Reader_RejectsTrailingComma()
    {
        var error = await ReaderKit.FailAsync(InputFormat.Json, "[{\"email\":\"a@x.io\"},]");

        Assert.That(error.Reason, Does.StartWith("invalid JSON:"));
        Assert.That((error.Line, error.Column), Is.EqualTo((1L, (long?)21)));
    }

    [Test]
    public async Task Reader_RejectsUnclosedArray()
    {
        var error = await ReaderKit.FailAsync(InputFormat.Json, "[{\"email\":\"a@x.io\"},\n{\"email\":\"b@x.io\"}\n");

        Assert.That(error.Reason, Does.StartWith("invalid JSON:").Or.StartWith("the JSON text ends too early"));
        Assert.That(error.Line, Is.EqualTo(3));
    }

    [Test]
    public async Task Reader_RejectsTruncatedObject()
    {
        var error = await ReaderKit.FailAsync(InputFormat.Json, "[{\"email\":\"a@x.io\"},\n{\"email\":\"b@x");

        Assert.That(error.Reason, Does.StartWith("invalid JSON:"));
        Assert.That(error.Line, Is.EqualTo(2));
    }

    [Test]
    public async Task Reader_RejectsContentAfterTheArray()
    {
        var error = await ReaderKit.FailAsync(InputFormat.Json, "[{\"email\":\"a@x.io\"}]\n[{\"email\":\"b@x.io\"}]");

        Assert.That(error.Reason, Does.StartWith("invalid JSON:"));
        Assert.That((error.Line, error.Column), Is.EqualTo((2L, (long?)1)));
    }

    [Test]
    public async Task Reader_RejectsObjectBiggerThanLimit()
    {
        var options = new ContactReaderOptions { BufferSize = 64, MaxRecordLength = 512 };
        var text = $$"""[{"email":"a@x.io"},{"email":"b@x.io","note":"{{new string('x', 2000)}}"}]""";

        var error = await ReaderKit.FailAsync(InputFormat.Json, text, options);

        Assert.That(error.Reason, Does.Contain("longer than the limit of 512 bytes"));
        Assert.That(error.Line, Is.EqualTo(1));
    }

    [Test]
    public async Task Reader_RejectsInvalidUtf8InAString()
    {
        byte[] bytes = [.. "[{\"name\":\"Zo"u8, 0xEB, .. "\"}]"u8];

        var error = await ReaderKit.FailAsync(InputFormat.Json, bytes);

        Assert.That(error.Reason, Does.Contain("UTF-8"));
        Assert.That(error.Line, Is.EqualTo(1));
    }
}
