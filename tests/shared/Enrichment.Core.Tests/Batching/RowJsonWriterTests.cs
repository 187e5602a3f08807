using System.Text.Json;
using Enrichment.Core.Batching;
using Enrichment.Core.Serialization;

namespace Enrichment.Core.Tests.Batching;

/// <summary>
/// The split's row writer against the serializer: the bytes it writes, and the size it counts
/// without writing, are those of the serializer writing a <see cref="BatchRow"/> of the same values.
/// </summary>
public sealed class RowJsonWriterTests
{
    private static byte[] Serialized(long row, string?[] values) =>
        JsonSerializer.SerializeToUtf8Bytes(new BatchRow(row, values), EnrichmentJsonContext.Default.BatchRow);

    private static (byte[] Bytes, int Size) Write(long row, string?[] values, int columns, bool sizeOnly)
    {
        using var writer = new RowJsonWriter(sizeOnly);
        writer.Begin(row);
        foreach (var value in values)
        {
            writer.Value(value);
        }

        var size = writer.End(columns);
        return (writer.Written.ToArray(), size);
    }

    [Test]
    public void EveryUtf16CodeUnit_IsWrittenAndCountedAsTheSerializerWritesIt()
    {
        var wrong = new List<int>();
        for (var c = 0; c <= char.MaxValue; c++)
        {
            // The code unit alone, and between plain text (a lone surrogate included: the writer's replacement).
            string?[] values = [((char)c).ToString(), $"ab{(char)c}cd"];
            var expected = Serialized(c, values);
            var (bytes, _) = Write(c, values, values.Length, sizeOnly: false);
            var (_, size) = Write(c, values, values.Length, sizeOnly: true);
            if (!bytes.AsSpan().SequenceEqual(expected) || size != expected.Length)
            {
                wrong.Add(c);
            }
        }

        Assert.That(wrong, Is.Empty);
    }

    [TestCase(1L)]
    [TestCase(1_000_000L)]
    [TestCase(long.MaxValue)]
    public void Rows_ShortOfTheColumns_ArePaddedWithNulls_AsASerializedPaddedRow(long row)
    {
        string?[] values = ["Zoë 😀", string.Empty, new string('x', 5000), "a,\"b\"\r\n"];
        var expected = Serialized(row, [.. values, null, null]);

        var (bytes, written) = Write(row, values, 6, sizeOnly: false);
        var (kept, counted) = Write(row, values, 6, sizeOnly: true);

        Assert.That(bytes, Is.EqualTo(expected));
        Assert.That((written, counted), Is.EqualTo((expected.Length, expected.Length)));
        Assert.That(kept, Is.Empty, "a size-only writer keeps no bytes");
    }

    [Test]
    public void ARowBegunAgain_HoldsOnlyItsNewValues()
    {
        using var writer = new RowJsonWriter();
        writer.Begin(7);
        writer.Value("left over");
        writer.Begin(7);
        writer.Value("kept");

        writer.End(2);

        Assert.That(writer.Written.ToArray(), Is.EqualTo(Serialized(7, ["kept", null])));
    }
}
