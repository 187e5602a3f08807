using System.Buffers;

namespace Enrichment.Core.Batching;

/// <summary>
/// The exact UTF-8 size of a <see cref="BatchRow"/> as the product's serializer writes it
/// (<c>{"row":n,"values":[...]}</c>, see <see cref="RowJson"/>), from the sizes of its values measured
/// one by one from their characters: the split's validation pass sizes its batches this way without
/// making a string of any value (issue 13).
/// </summary>
internal sealed class RowSizer : IDisposable
{
    // {"row": then ,"values":[ then ]}
    private const int Envelope = 7 + 11 + 2;
    private const int NullBytes = 4;

    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private readonly Utf8JsonWriter _writer;

    public RowSizer()
    {
        // The same writer options as the planner's, so the same escapes: the context's encoder.
        var options = EnrichmentJsonContext.Default.Options;
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = options.Encoder, Indented = options.WriteIndented, SkipValidation = true });
    }

    /// <summary>The value as a JSON string, quotes and escapes included, in UTF-8 bytes.</summary>
    public int Measure(ReadOnlySpan<char> value)
    {
        // Written and never flushed: the bytes stay pending in the same buffer, reused for every value.
        _writer.Reset();
        _writer.WriteStringValue(value);
        return _writer.BytesPending;
    }

    /// <summary>
    /// The row's size, its first values measured (<paramref name="valueBytes"/>) and the rest of
    /// <paramref name="columns"/> null, as a record with fewer fields than the header is padded.
    /// </summary>
    public static long RowBytes(long row, ReadOnlySpan<int> valueBytes, int columns)
    {
        long bytes = Envelope + Digits(row) + (long)NullBytes * (columns - valueBytes.Length) + Math.Max(columns - 1, 0);
        foreach (var value in valueBytes)
        {
            bytes += value;
        }

        return bytes;
    }

    public void Dispose() => _writer.Dispose();

    private static int Digits(long row)
    {
        var digits = row < 0 ? 2 : 1;
        for (var rest = Math.Abs(row); rest >= 10; rest /= 10)
        {
            digits++;
        }

        return digits;
    }
}
