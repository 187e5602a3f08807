using Enrichment.Core.Input;

namespace Enrichment.Core.Tests.Input;

public sealed class InputFormatsTests
{
    [TestCase("text/csv", InputFormat.Csv)]
    [TestCase("text/csv; charset=utf-8", InputFormat.Csv)]
    [TestCase("TEXT/CSV;charset=UTF-8", InputFormat.Csv)]
    [TestCase("application/vnd.ms-excel", InputFormat.Csv)]
    [TestCase("text/tab-separated-values", InputFormat.Csv)]
    [TestCase("application/json", InputFormat.Json)]
    [TestCase(" application/json ; charset=utf-8", InputFormat.Json)]
    [TestCase("application/x-ndjson", InputFormat.JsonLines)]
    [TestCase("application/jsonl", InputFormat.JsonLines)]
    [TestCase("application/json-lines", InputFormat.JsonLines)]
    [TestCase("application/jsonlines; charset=utf-8", InputFormat.JsonLines)]
    [TestCase("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", InputFormat.Xlsx)]
    public void FromContentType_KnowsListMediaTypes(string contentType, InputFormat expected) =>
        Assert.That(InputFormats.FromContentType(contentType), Is.EqualTo(expected));

    [TestCase(null)]
    [TestCase("")]
    [TestCase("text/plain")]
    [TestCase("application/xml")]
    [TestCase("multipart/form-data; boundary=x")]
    public void FromContentType_ReturnsNullForOtherTypes(string? contentType) =>
        Assert.That(InputFormats.FromContentType(contentType), Is.Null);

    [TestCase("contacts.csv", InputFormat.Csv)]
    [TestCase("CONTACTS.CSV", InputFormat.Csv)]
    [TestCase("export.tsv", InputFormat.Csv)]
    [TestCase("list.json", InputFormat.Json)]
    [TestCase("Leads Q3.XLSX", InputFormat.Xlsx)]
    [TestCase("uploads/job/list.jsonl", InputFormat.JsonLines)]
    [TestCase("list.v2.ndjson", InputFormat.JsonLines)]
    public void FromFileName_KnowsListExtensions(string fileName, InputFormat expected) =>
        Assert.That(InputFormats.FromFileName(fileName), Is.EqualTo(expected));

    [TestCase(null)]
    [TestCase("contacts")]
    [TestCase("contacts.xls")]
    [TestCase("csv")]
    public void FromFileName_ReturnsNullForOtherNames(string? fileName) =>
        Assert.That(InputFormats.FromFileName(fileName), Is.Null);

    [Test]
    public void ParseContentType_NamesAcceptedTypesWhenUnknown()
    {
        var error = Assert.Throws<ArgumentException>(() => InputFormats.ParseContentType("text/plain"));

        Assert.That(error!.Message, Does.Contain("text/csv"));
        Assert.That(InputFormats.ParseContentType("text/csv"), Is.EqualTo(InputFormat.Csv));
    }

    [Test]
    public void ParseFileName_NamesAcceptedExtensionsWhenUnknown()
    {
        var error = Assert.Throws<ArgumentException>(() => InputFormats.ParseFileName("list.xls"));

        Assert.That(error!.Message, Does.Contain(".xlsx").And.Contain(".jsonl"));
        Assert.That(InputFormats.ParseFileName("list.ndjson"), Is.EqualTo(InputFormat.JsonLines));
    }
}
