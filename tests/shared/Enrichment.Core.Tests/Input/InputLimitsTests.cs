using System.Text;
using Enrichment.Core.Input;

namespace Enrichment.Core.Tests.Input;

public sealed class InputLimitsTests
{
    [Test]
    public async Task Csv_AcceptsExactlyTheMaximumColumns()
    {
        var csv = "email," + string.Join(',', Enumerable.Range(1, InputLimits.MaxColumns - 1).Select(i => $"c{i}")) + "\na@acme.com\n";

        var records = await ReaderKit.ReadAllAsync(InputFormat.Csv, csv);

        Assert.That(records, Has.Count.EqualTo(1));
    }

    [Test]
    public void Csv_RefusesOneColumnMoreThanTheMaximum_NamingTheLimit()
    {
        var csv = "email," + string.Join(',', Enumerable.Range(1, InputLimits.MaxColumns).Select(i => $"c{i}")) + "\na@acme.com\n";

        var ex = Assert.ThrowsAsync<InputFormatException>(() => ReaderKit.ReadAllAsync(InputFormat.Csv, csv));

        Assert.That(ex!.Message, Is.EqualTo("line 1, column 1: the list has more than 1,000 columns (1,001 so far): at most 1,000 columns are accepted"));
    }

    [Test]
    public void Csv_RefusesAHeaderOverTheLimit_NamingIt()
    {
        var csv = "email," + string.Join(',', Enumerable.Range(1, 9).Select(_ => new string('x', 8_000))) + "\na@acme.com\n";

        var ex = Assert.ThrowsAsync<InputFormatException>(() => ReaderKit.ReadAllAsync(InputFormat.Csv, csv));

        Assert.That(ex!.Message, Does.Contain("longer than 64 KiB, the limit"));
    }

    [Test]
    public void Csv_RefusesAHeaderWithNulCharacters()
    {
        var bytes = new UnicodeEncoding(bigEndian: false, byteOrderMark: false).GetBytes("email,name\na@acme.com,Ann\n");

        var ex = Assert.ThrowsAsync<InputFormatException>(() => ReaderKit.ReadAllAsync(InputFormat.Csv, bytes));

        Assert.That(ex!.Message, Does.Contain("not UTF-8 text"));
    }

    [TestCase(InputFormat.JsonLines)]
    [TestCase(InputFormat.Json)]
    public void Json_RefusesTheKeyPastTheMaximum(InputFormat format)
    {
        var objects = Enumerable.Range(1, InputLimits.MaxColumns).Select(i => $"{{\"email\":\"p{i}@acme.com\",\"k{i}\":1}}");
        var text = format == InputFormat.Json ? "[" + string.Join(',', objects) + "]" : string.Join('\n', objects);

        var ex = Assert.ThrowsAsync<InputFormatException>(() => ReaderKit.ReadAllAsync(format, text));

        Assert.That(ex!.Message, Does.StartWith("the list has more than 1,000 columns"));
    }

    [Test]
    public void Json_RefusesKeysLongerTogetherThanTheHeaderLimit()
    {
        var text = string.Join('\n', Enumerable.Range(1, 100).Select(i => $"{{\"email\":\"p{i}@acme.com\",\"{new string('k', 700)}{i}\":1}}"));

        var ex = Assert.ThrowsAsync<InputFormatException>(() => ReaderKit.ReadAllAsync(InputFormat.JsonLines, text));

        Assert.That(ex!.Message, Does.Contain("64 KiB"));
    }

    [Test]
    public async Task JsonLines_ARecordCarriesOnlyTheValuesItHas_NotEveryColumnSeenSoFar()
    {
        var text = string.Join('\n', Enumerable.Range(1, 500).Select(i => $"{{\"k{i}\":1,\"email\":\"p{i}@acme.com\"}}"));

        var records = await ReaderKit.ReadAllAsync(InputFormat.JsonLines, text);

        Assert.Multiple(() =>
        {
            Assert.That(records[0].Values, Has.Length.EqualTo(2));
            // Record n uses column n (its new key) and column 2 (email): as wide as its own last key, never more.
            Assert.That(records[499].Values, Has.Length.EqualTo(501));
            Assert.That(records.Sum(r => r.Values.Length), Is.LessThan(500 * 502 / 2 + 500), "no record is padded past its own keys");
            Assert.That(records[1].Values, Has.Length.EqualTo(3));
        });
    }

    [TestCase(new byte[] { 0xFF, 0xFE, 0x65, 0x00 }, InputFormat.Json, "UTF-16 text: save it as UTF-8")]
    [TestCase(new byte[] { 0xFE, 0xFF, 0x00, 0x65 }, InputFormat.JsonLines, "UTF-16 text: save it as UTF-8")]
    [TestCase(new byte[] { 0x65, 0x00, 0x6D, 0x00 }, InputFormat.Csv, "without a byte order mark")]
    [TestCase(new byte[] { 0x00, 0x65, 0x00, 0x6D }, InputFormat.Csv, "without a byte order mark")]
    [TestCase(new byte[] { 0x7B, 0x00 }, InputFormat.JsonLines, "without a byte order mark")]
    public void Utf16Problem_NamesUtf16(byte[] head, InputFormat format, string expected) =>
        Assert.That(InputLimits.Utf16Problem(head, format), Does.Contain(expected));

    [TestCase(new byte[] { 0xFF, 0xFE, 0x65, 0x00 }, InputFormat.Csv)]
    [TestCase(new byte[] { 0xEF, 0xBB, 0xBF, 0x65 }, InputFormat.Csv)]
    [TestCase(new byte[] { 0x65, 0x6D }, InputFormat.Csv)]
    [TestCase(new byte[] { 0x5B, 0x7B }, InputFormat.Json)]
    [TestCase(new byte[] { 0x65 }, InputFormat.Csv)]
    public void Utf16Problem_LetsUtf8AndBomCsvThrough(byte[] head, InputFormat format) =>
        Assert.That(InputLimits.Utf16Problem(head, format), Is.Null);
}
