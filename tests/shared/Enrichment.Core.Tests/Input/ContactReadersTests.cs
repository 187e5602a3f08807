using Enrichment.Core.Input;

namespace Enrichment.Core.Tests.Input;

public sealed class ContactReadersTests
{
    [TestCase(InputFormat.Csv, typeof(CsvContactReader))]
    [TestCase(InputFormat.Json, typeof(JsonArrayContactReader))]
    [TestCase(InputFormat.JsonLines, typeof(JsonLinesContactReader))]
    public void Open_ReturnsTheReaderOfTheFormat(InputFormat format, Type expected) =>
        Assert.That(ContactReaders.Open(Stream.Null, format), Is.InstanceOf(expected));

    [Test]
    public void Open_RejectsUnknownFormat() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ContactReaders.Open(Stream.Null, (InputFormat)42));

    [Test]
    public async Task Open_LeavesTheStreamOpenForTheCaller()
    {
        using var stream = new MemoryStream("email\na@x.io\n"u8.ToArray());

        var records = await ReaderKit.ReadAllAsync(ContactReaders.Open(stream, InputFormat.Csv));

        Assert.That(records, Has.Count.EqualTo(1));
        Assert.That(stream.CanRead, Is.True);
    }

    [TestCase(InputFormat.Csv, "email,name\na@x.io,Ann\n")]
    [TestCase(InputFormat.Json, "[{\"email\":\"a@x.io\",\"name\":\"Ann\"}]")]
    [TestCase(InputFormat.JsonLines, "{\"email\":\"a@x.io\",\"name\":\"Ann\"}\n")]
    public async Task Open_ReadsTheSameListInEveryFormat(InputFormat format, string text)
    {
        var reader = ContactReaders.Open(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), format);

        var records = await ReaderKit.ReadAllAsync(reader);

        Assert.That(reader.Columns, Is.EqualTo(new[] { "email", "name" }));
        Assert.That(records.Single().Values, Is.EqualTo(new[] { "a@x.io", "Ann" }));
        Assert.That(ColumnMap.Create(reader.Columns).Map(records.Single().Values).Email, Is.EqualTo("a@x.io"));
    }
}
