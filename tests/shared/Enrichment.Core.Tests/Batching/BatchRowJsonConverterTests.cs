using System.Text.Json;
using Enrichment.Core.Batching;
using Enrichment.Core.Serialization;
using Enrichment.Testing.InMemory;

namespace Enrichment.Core.Tests.Batching;

/// <summary>
/// A message's rows read as a part's fields (<see cref="BatchRowJsonConverter"/>): the values they
/// give, the strings made of them, and the part written from them, against rows made of strings.
/// </summary>
public sealed class BatchRowJsonConverterTests
{
    private static readonly JsonSerializerOptions Plain = new(EnrichmentJsonContext.Default.Options)
    {
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };

    private static readonly string?[][] Samples =
    [
        [],
        [null, string.Empty],
        ["Zoë", null, "\"quoted\", with comma", "line\r\nbreak\ttab\\", "<b>&'", "日本 😀", "+14155550100", string.Empty],
        [.. Enumerable.Range(0, 70).Select(i => i % 3 == 0 ? null : new string('é', i))],
    ];

    [Test]
    public void AMessagesRow_GivesTheValuesTheSerializerReads([Range(0, 3)] int sample)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new BatchRow(9, Samples[sample]), EnrichmentJsonContext.Default.BatchRow);

        var read = JsonSerializer.Deserialize(json, EnrichmentJsonContext.Default.BatchRow)!;

        Assert.That(read.Fields, Is.Not.Null, "read as fields");
        Assert.That(read.Values, Is.EqualTo(JsonSerializer.Deserialize<PlainBatchRow>(json, Plain)!.Values));
    }

    [Test]
    public void ReadValues_MakesStringsOfTheWantedColumnsOnly()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new BatchRow(9, Samples[2]), EnrichmentJsonContext.Default.BatchRow);
        var read = JsonSerializer.Deserialize(json, EnrichmentJsonContext.Default.BatchRow)!;
        var values = new string?[10];
        values[9] = "kept";

        read.ReadValues([true, true, false, false, false, true, false, true, true, true], values);

        Assert.That(values, Is.EqualTo(new string?[] { "Zoë", null, null, null, null, "日本 😀", null, string.Empty, null, "kept" }));
        Assert.That(read.Fields, Is.Not.Null, "the row still goes into the part as its bytes");
    }

    [Test]
    public async Task APartWrittenFromMessageRows_IsTheBytesOfOneWrittenFromTheirValues()
    {
        var rows = Enumerable.Range(1, 40).Select(i => new BatchRow(i, Samples[i % Samples.Length])).ToList();
        var message = JsonSerializer.SerializeToUtf8Bytes(rows, EnrichmentJsonContext.Default.ListBatchRow);
        var read = JsonSerializer.Deserialize(message, EnrichmentJsonContext.Default.ListBatchRow)!;
        string?[] enrichment = ["ok", null, "Zoë"];
        var store = new InMemoryObjectStore();

        using (var fromFields = new PartWriter(rows.Count))
        using (var fromValues = new PartWriter(rows.Count))
        {
            for (var i = 0; i < rows.Count; i++)
            {
                fromFields.Add(read[i], enrichment);
                fromValues.Add(rows[i].Row, rows[i].Values, enrichment);
            }

            await fromFields.PutAsync(store, "fields", CancellationToken.None);
            await fromValues.PutAsync(store, "values", CancellationToken.None);
        }

        Assert.That(read.Select(r => r.Fields), Has.None.Null);
        Assert.That(store.Read("fields"), Is.EqualTo(store.Read("values")));
    }

    [TestCase(new byte[] { 0xFF })]
    [TestCase(new byte[] { 0xC3 })]
    [TestCase(new byte[] { 0xED, 0xA0, 0x80 })]
    public void AValueThatIsNotUtf8_IsRefusedAsTheSerializerRefusesIt(byte[] bad)
    {
        byte[] json = [.. "{\"row\":1,\"values\":[\"a\",\"x"u8, .. bad, .. "\"]}"u8];

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<PlainBatchRow>(json, Plain));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, EnrichmentJsonContext.Default.BatchRow));
    }

    [Test]
    public void AnEscapedLoneSurrogate_IsRefusedAsTheSerializerRefusesIt()
    {
        const string Json = """{"row":1,"values":["a\ud800b"]}""";

        var plain = Assert.Catch(() => JsonSerializer.Deserialize<PlainBatchRow>(Json, Plain));
        var read = Assert.Catch(() => JsonSerializer.Deserialize(Json, EnrichmentJsonContext.Default.BatchRow));

        Assert.That(read!.GetType(), Is.EqualTo(plain!.GetType()));
    }

    private sealed record PlainBatchRow(long Row, string?[] Values);
}
