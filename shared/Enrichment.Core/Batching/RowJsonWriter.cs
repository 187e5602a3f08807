using System.Buffers;

namespace Enrichment.Core.Batching;

/// <summary>
/// Writes one <see cref="BatchRow"/> at a time as the product's serializer writes it
/// (<c>{"row":n,"values":[...]}</c>, the calls of <see cref="RowJson.WriteRecord"/>), its values
/// handed over one by one as characters, into one reused buffer. The CSV reader fills it while it
/// parses, so the split sizes its batches (and sends its rows) with no string made of any value
/// (issue 13).
/// </summary>
internal sealed class RowJsonWriter : IDisposable
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;
    private int _values;

    public RowJsonWriter()
    {
        // The options of the serializer's own writer, so the same escapes: the context's encoder.
        var options = EnrichmentJsonContext.Default.Options;
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = options.Encoder, Indented = options.WriteIndented, SkipValidation = true });
    }

    /// <summary>The last row ended, as bytes; valid until the next <see cref="Begin"/>.</summary>
    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    /// <summary>Starts row <paramref name="row"/> again from nothing (a parse that needed more text restarts it).</summary>
    public void Begin(long row)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        _values = 0;
        _writer.WriteStartObject();
        _writer.WriteNumber("row"u8, row);
        _writer.WritePropertyName("values"u8);
        _writer.WriteStartArray();
    }

    public void Value(ReadOnlySpan<char> value)
    {
        _writer.WriteStringValue(value);
        _values++;
    }

    /// <summary>Ends the row, its missing values null up to <paramref name="columns"/> (as a short record is padded); answers its size.</summary>
    public int End(int columns)
    {
        for (; _values < columns; _values++)
        {
            _writer.WriteNullValue();
        }

        _writer.WriteEndArray();
        _writer.WriteEndObject();
        _writer.Flush();
        return _buffer.WrittenCount;
    }

    public void Dispose() => _writer.Dispose();
}
