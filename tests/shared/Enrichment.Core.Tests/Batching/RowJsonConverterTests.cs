using System.Text.Json;
using Enrichment.Core.Batching;
using Enrichment.Core.Serialization;

namespace Enrichment.Core.Tests.Batching;

/// <summary>
/// The hand-written converters of <see cref="BatchRow"/> and <see cref="PartRecord"/> against the
/// serializer's own handling of the same shapes: the same bytes out, the same values back, and
/// the same refusals.
/// </summary>
public sealed class RowJsonConverterTests
{
    private static readonly JsonSerializerOptions Plain = new(EnrichmentJsonContext.Default.Options)
    {
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };

    private static readonly JsonSerializerOptions SmallBuffer = new(EnrichmentJsonContext.Default.Options) { DefaultBufferSize = 16 };

    private static readonly string?[][] Samples =
    [
        [],
        [null],
        ["Zoë", null, "\"quoted\", with comma", "line\r\nbreak\ttab\\", "<b>&'", "日本 😀", "=HYPERLINK(\"x\")", string.Empty],
        [.. Enumerable.Range(0, 100).Select(i => i % 3 == 0 ? null : new string('a', i))],
    ];

    [Test]
    public void BatchRow_IsWrittenAsTheSerializerWritesThePositionalRecord([Range(0, 3)] int sample)
    {
        var row = new BatchRow(long.MaxValue - sample, Samples[sample]);

        var written = JsonSerializer.Serialize(row, EnrichmentJsonContext.Default.BatchRow);

        Assert.That(written, Is.EqualTo(JsonSerializer.Serialize(new PlainBatchRow(row.Row, row.Values), Plain)));
    }

    [Test]
    public void PartRecord_IsWrittenAsTheSerializerWritesThePositionalRecord([Range(0, 3)] int sample)
    {
        var record = new PartRecord(sample + 1, Samples[sample], Samples[3 - sample]);

        var written = JsonSerializer.Serialize(record, EnrichmentJsonContext.Default.PartRecord);

        Assert.That(written, Is.EqualTo(JsonSerializer.Serialize(new PlainPartRecord(record.Row, record.Values, record.Enrichment), Plain)));
    }

    [Test]
    public void PartRecord_ReadsBackWhatItWrote_InAMessageAndAList([Range(0, 3)] int sample)
    {
        var record = new PartRecord(7, Samples[sample], Samples[3 - sample]);

        var read = JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(record, EnrichmentJsonContext.Default.PartRecord), EnrichmentJsonContext.Default.PartRecord)!;

        Assert.That(read.Row, Is.EqualTo(7));
        Assert.That(read.Values, Is.EqualTo(record.Values));
        Assert.That(read.Enrichment, Is.EqualTo(record.Enrichment));
    }

    [Test]
    public async Task BatchRows_ReadBack_FromAStreamInSmallPieces()
    {
        var rows = Enumerable.Range(1, 300).Select(i => new BatchRow(i, Samples[i % 4])).ToList();
        var bytes = JsonSerializer.SerializeToUtf8Bytes(rows, EnrichmentJsonContext.Default.ListBatchRow);

        // A small buffer makes the serializer hand the converter values that span its refills.
        var read = await JsonSerializer.DeserializeAsync<List<BatchRow>>(new MemoryStream(bytes), SmallBuffer) ?? [];

        Assert.That(read.Select(r => r.Row), Is.EqualTo(rows.Select(r => r.Row)));
        Assert.That(read.Select(r => r.Values), Is.EqualTo(rows.Select(r => r.Values)));
    }

    [TestCase("""{"values":["a"],"row":4,"other":{"x":[1,2]}}""", 4, "a")]
    [TestCase("""{"row":4}""", 4, null)]
    [TestCase("""{"row":4,"values":null}""", 4, null)]
    [TestCase("""{"Row":9,"row":4,"values":["a"]}""", 4, "a")]
    public void BatchRow_ReadsPropertiesInAnyOrder_SkipsUnknownOnes_AndMatchesNamesExactly(string json, long row, string? first)
    {
        var read = JsonSerializer.Deserialize(json, EnrichmentJsonContext.Default.BatchRow)!;
        var plain = JsonSerializer.Deserialize<PlainBatchRow>(json, Plain)!;

        Assert.That(read.Row, Is.EqualTo(row).And.EqualTo(plain.Row));
        Assert.That(read.Values?.FirstOrDefault(), Is.EqualTo(first).And.EqualTo(plain.Values?.FirstOrDefault()));
    }

    [TestCase("""{"row":"4","values":[]}""")]
    [TestCase("""{"row":4.5,"values":[]}""")]
    [TestCase("""{"row":4,"values":[1]}""")]
    [TestCase("""{"row":4,"values":"a"}""")]
    [TestCase("""[1]""")]
    public void BatchRow_RefusesWhatTheSerializerRefuses(string json)
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<PlainBatchRow>(json, Plain));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, EnrichmentJsonContext.Default.BatchRow));
    }

    [Test]
    public void Null_IsNull()
    {
        Assert.That(JsonSerializer.Deserialize("null", EnrichmentJsonContext.Default.PartRecord), Is.Null);
        Assert.That(JsonSerializer.Deserialize("null", EnrichmentJsonContext.Default.BatchRow), Is.Null);
    }

    private sealed record PlainBatchRow(long Row, string?[] Values);

    private sealed record PlainPartRecord(long Row, string?[] Values, string?[] Enrichment);
}
