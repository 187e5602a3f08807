using Enrichment.Core.Input;

namespace Enrichment.Core.Tests.Input;

/// <summary>Every way a CSV file is refused, with the line, column and reason the client sees.</summary>
public sealed class CsvContactReaderErrorTests
{
    [TestCase("")]
    [TestCase("\n\n\r\n")]
    public async Task Reader_RejectsEmptyFile(string text)
    {
        var error = await ReaderKit.FailAsync(InputFormat.Csv, text);

        Assert.That(error.Reason, Does.StartWith("the file is empty"));
        Assert.That(error.Reason, Does.Contain("header row"));
        Assert.That(error.Column, Is.EqualTo(1));
    }

    [Test]
    public async Task Reader_RejectsHeaderlessDataFile()
    {
        var error = await ReaderKit.FailAsync(InputFormat.Csv, "ann@example.com,+44 20 7946 0000,Ann\nbob@example.com,+1 555 0100,Bob\n");

        Assert.That(error.Reason, Does.StartWith("no header row:"));
        Assert.That(error.Reason, Does.Contain("email, phone, first name"));
        Assert.That((error.Line, error.Column), Is.EqualTo((1L, (long?)1)));
    }

    [Test]
    public async Task Reader_RejectsHeaderWithNoContactColumnAfterBlankLines()
    {
        var error = await ReaderKit.FailAsync(InputFormat.Csv, "\n\nfoo,bar\n1,2\n");

        Assert.That(error.Reason, Does.StartWith("no header row:"));
        Assert.That(error.Line, Is.EqualTo(3));
    }

    [Test]
    public async Task Reader_RejectsUnclosedQuoteWhereItOpened()
    {
        var error = await ReaderKit.FailAsync(InputFormat.Csv, "email,name\na@x.io,Ann\nb@x.io,\"Bob\nc@x.io,Cid\n");

        Assert.That(error.Reason, Does.StartWith("unclosed quote"));
        Assert.That((error.Line, error.Column), Is.EqualTo((3L, (long?)8)));
        Assert.That(error.Message, Does.StartWith("line 3, column 8: unclosed quote"));
    }

    [Test]
    public async Task Reader_RejectsUnclosedQuoteInHeader()
    {
        var error = await ReaderKit.FailAsync(InputFormat.Csv, "email,\"name\na@x.io,Ann\n");

        Assert.That(error.Reason, Does.StartWith("unclosed quote"));
        Assert.That((error.Line, error.Column), Is.EqualTo((1L, (long?)7)));
    }

    [Test]
    public async Task Reader_RejectsUnclosedQuoteAtEndOfFileWithoutNewline()
    {
        var error = await ReaderKit.FailAsync(InputFormat.Csv, "email,name\r\na@x.io,\"Ann");

        Assert.That((error.Line, error.Column), Is.EqualTo((2L, (long?)8)));
    }

    [Test]
    public async Task Reader_RejectsCharactersAfterClosingQuote()
    {
        var error = await ReaderKit.FailAsync(InputFormat.Csv, "email,name\na@x.io,\"Ann\" Smith,\n");

        Assert.That(error.Reason, Does.StartWith("unexpected character ' ' after the closing quote"));
        Assert.That(error.Reason, Does.Contain("must be doubled"));
        Assert.That((error.Line, error.Column), Is.EqualTo((2L, (long?)13)));
    }

    [Test]
    public async Task Reader_RejectsCharactersAfterClosingQuoteOnLaterLineOfQuotedField()
    {
        var error = await ReaderKit.FailAsync(InputFormat.Csv, "email,note\na@x.io,\"one\ntwo\"x\n");

        Assert.That((error.Line, error.Column), Is.EqualTo((3L, (long?)5)));
        Assert.That(error.Reason, Does.StartWith("unexpected character 'x'"));
    }

    [Test]
    public async Task Reader_RejectsRowWithMoreFieldsThanHeader()
    {
        var error = await ReaderKit.FailAsync(InputFormat.Csv, "email,name\na@x.io,Ann\nb@x.io,Doe, Bob,extra\n");

        Assert.That(error.Reason, Does.StartWith("too many fields"));
        Assert.That(error.Reason, Does.Contain("expected 2, found 4"));
        Assert.That((error.Line, error.Column), Is.EqualTo((3L, (long?)12)));
    }

    [Test]
    public async Task Reader_RejectsRowWithMoreFieldsInSemicolonFile()
    {
        var error = await ReaderKit.FailAsync(InputFormat.Csv, "email;name\r\na@x.io;Ann;\r\n");

        Assert.That(error.Reason, Does.Contain("expected 2, found 3"));
        Assert.That(error.Reason, Does.Contain("';' must be quoted"));
        Assert.That((error.Line, error.Column), Is.EqualTo((2L, (long?)12)));
    }

    [Test]
    public async Task Reader_RejectsRecordLongerThanLimit()
    {
        var options = new ContactReaderOptions { BufferSize = 64, MaxRecordLength = 256 };
        var text = "email,note\na@x.io,short\nb@x.io," + new string('x', 1000) + "\n";

        var error = await ReaderKit.FailAsync(InputFormat.Csv, text, options);

        Assert.That(error.Reason, Does.Contain("longer than the limit"));
        Assert.That(error.Line, Is.EqualTo(3));
    }

    [Test]
    public async Task Reader_NamesOpenQuoteWhenRecordRunsPastLimit()
    {
        var options = new ContactReaderOptions { BufferSize = 64, MaxRecordLength = 256 };
        var text = "email,note\na@x.io,\"never closed\n" + string.Concat(Enumerable.Repeat("b@x.io,more\n", 100));

        var error = await ReaderKit.FailAsync(InputFormat.Csv, text, options);

        Assert.That(error.Reason, Does.StartWith("unclosed quote"));
        Assert.That((error.Line, error.Column), Is.EqualTo((2L, (long?)8)));
    }

    [Test]
    public async Task Reader_RejectsInvalidUtf8()
    {
        // "Zoë" as Windows-1252: 0xEB is not valid UTF-8 there.
        byte[] bytes = [.. "email,name\na@x.io,Zo"u8, 0xEB, .. "\n"u8];

        var error = await ReaderKit.FailAsync(InputFormat.Csv, bytes);

        Assert.That(error.Reason, Does.Contain("not valid UTF-8"));
    }

    [Test]
    public async Task Reader_ReportsErrorsAfterManyRecordsWithTheirTrueLine()
    {
        var text = "email\n" + string.Concat(Enumerable.Range(1, 5000).Select(i => $"u{i}@x.io\n")) + "\"oops\n";

        var error = await ReaderKit.FailAsync(InputFormat.Csv, text);

        Assert.That((error.Line, error.Column), Is.EqualTo((5002L, (long?)1)));
    }
}
