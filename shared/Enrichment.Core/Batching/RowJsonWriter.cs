using System.Buffers;

namespace Enrichment.Core.Batching;

/// <summary>
/// Writes one <see cref="BatchRow"/> at a time as the product's serializer writes it
/// (<c>{"row":n,"values":[...]}</c>, the bytes of <see cref="RowJson.WriteRecord"/>), its values
/// handed over one by one as characters, into one reused buffer; or, made with <c>sizeOnly</c>, only
/// counts those bytes. The CSV reader fills it while it parses, so the split sizes its batches (and
/// sends its rows) with no string made of any value (issue 13).
/// </summary>
/// <remarks>
/// A value of plain ASCII (nearly all of a contact list) is copied in as bytes, or only counted,
/// between its quotes: going through <see cref="Utf8JsonWriter"/> for each one (transcoding, the
/// encoder's search for characters to escape) was most of the validation pass's CPU (session 25). A
/// value with any other character is written by the serializer's own writer, so every escape is the
/// serializer's. Which characters are plain is asked of that writer too, once.
/// </remarks>
internal sealed class RowJsonWriter : IDisposable
{
    /// <summary>The ASCII characters the serializer's writer writes as they are.</summary>
    private static readonly SearchValues<char> Plain = SearchValues.Create(PlainAscii());

    private readonly bool _sizeOnly;
    private readonly ArrayBufferWriter<byte> _escaped = new(256);
    private readonly Utf8JsonWriter _writer;
    private byte[] _bytes;
    private int _length;
    private int _values;

    /// <param name="sizeOnly">Count the row's bytes, keep none: <see cref="Written"/> stays empty.</param>
    public RowJsonWriter(bool sizeOnly = false)
    {
        _sizeOnly = sizeOnly;
        _bytes = sizeOnly ? [] : ArrayPool<byte>.Shared.Rent(1024);
        _writer = SerializerLikeWriter(_escaped);
    }

    /// <summary>The last row ended, as bytes; valid until the next <see cref="Begin"/>.</summary>
    public ReadOnlySpan<byte> Written => _bytes.AsSpan(0, _sizeOnly ? 0 : _length);

    /// <summary>Starts row <paramref name="row"/> again from nothing (a parse that needed more text restarts it).</summary>
    public void Begin(long row)
    {
        _length = 0;
        _values = 0;
        Add("{\"row\":"u8);
        Span<byte> digits = stackalloc byte[20];
        row.TryFormat(digits, out var written, default, CultureInfo.InvariantCulture);
        Add(digits[..written]);
        Add(",\"values\":["u8);
    }

    public void Value(ReadOnlySpan<char> value)
    {
        if (_values++ > 0)
        {
            Add(","u8);
        }

        if (value.ContainsAnyExcept(Plain))
        {
            Escaped(value);
            return;
        }

        if (_sizeOnly)
        {
            _length += value.Length + 2;
            return;
        }

        Room(value.Length + 2);
        _bytes[_length] = (byte)'"';
        Ascii.FromUtf16(value, _bytes.AsSpan(_length + 1), out _);
        _bytes[_length + value.Length + 1] = (byte)'"';
        _length += value.Length + 2;
    }

    /// <summary>Ends the row, its missing values null up to <paramref name="columns"/> (as a short record is padded); answers its size.</summary>
    public int End(int columns)
    {
        for (; _values < columns; _values++)
        {
            Add(_values > 0 ? ",null"u8 : "null"u8);
        }

        Add("]}"u8);
        return _length;
    }

    public void Dispose()
    {
        _writer.Dispose();
        if (_bytes.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_bytes);
            _bytes = [];
        }
    }

    /// <summary>A value the serializer escapes: written by a writer with the serializer's options, its bytes taken.</summary>
    private void Escaped(ReadOnlySpan<char> value)
    {
        _escaped.ResetWrittenCount();
        _writer.Reset(_escaped);
        _writer.WriteStringValue(value);
        _writer.Flush();
        Add(_escaped.WrittenSpan);
    }

    private void Add(ReadOnlySpan<byte> bytes)
    {
        if (!_sizeOnly)
        {
            Room(bytes.Length);
            bytes.CopyTo(_bytes.AsSpan(_length));
        }

        _length += bytes.Length;
    }

    private void Room(int more)
    {
        if (_length + more > _bytes.Length)
        {
            Grow(more);
        }
    }

    private void Grow(int more)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_bytes.Length * 2, _length + more));
        _bytes.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_bytes);
        _bytes = bigger;
    }

    private static Utf8JsonWriter SerializerLikeWriter(IBufferWriter<byte> buffer)
    {
        // The options of the serializer's own writer, so the same escapes: the context's encoder.
        var options = EnrichmentJsonContext.Default.Options;
        return new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = options.Encoder, Indented = options.WriteIndented, SkipValidation = true });
    }

    private static string PlainAscii()
    {
        var buffer = new ArrayBufferWriter<byte>(16);
        using var writer = SerializerLikeWriter(buffer);
        var plain = new StringBuilder();
        for (var c = (char)0; c < 128; c++)
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer);
            writer.WriteStringValue([c]);
            writer.Flush();
            if (buffer.WrittenSpan is [(byte)'"', var only, (byte)'"'] && only == c)
            {
                plain.Append(c);
            }
        }

        return plain.ToString();
    }
}
