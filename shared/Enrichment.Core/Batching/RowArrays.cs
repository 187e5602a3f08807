using System.Buffers;

namespace Enrichment.Core.Batching;

/// <summary>The three places a row's arrays are read into: one record reader serves them all.</summary>
internal static class RowArrays
{
    /// <summary>Into new arrays (the records' converter).</summary>
    public struct New : IRowArrays
    {
        public string?[]? Values { get; private set; }

        public string?[]? Enrichment { get; private set; }

        public int ReadValues(ref Utf8JsonReader reader)
        {
            Values = RowJson.ReadStrings(ref reader);
            return Values?.Length ?? -1;
        }

        public int ReadEnrichment(ref Utf8JsonReader reader)
        {
            Enrichment = RowJson.ReadStrings(ref reader);
            return Enrichment?.Length ?? -1;
        }
    }

    /// <summary>Into the caller's spans: values past a span's end are read and dropped.</summary>
    public ref struct IntoSpans(Span<string?> values, Span<string?> enrichment) : IRowArrays
    {
        private readonly Span<string?> _values = values;
        private readonly Span<string?> _enrichment = enrichment;

        public readonly int ReadValues(ref Utf8JsonReader reader) => RowJson.ReadStringsInto(ref reader, _values);

        public readonly int ReadEnrichment(ref Utf8JsonReader reader) => RowJson.ReadStringsInto(ref reader, _enrichment);
    }

    /// <summary>Into UTF-8 cells: the values into [0, valueCells), the enrichment values into the cells after; <paramref name="validUtf8"/>: the text read is known valid UTF-8.</summary>
    public readonly struct IntoCells(Utf8Row cells, int valueCells, bool validUtf8) : IRowArrays
    {
        public int ReadValues(ref Utf8JsonReader reader) => RowJson.ReadStringsInto(ref reader, cells, 0, valueCells, validUtf8);

        public int ReadEnrichment(ref Utf8JsonReader reader) => RowJson.ReadStringsInto(ref reader, cells, valueCells, cells.Count - valueCells, validUtf8);
    }

    /// <summary>A batch row's values as a part's fields, into <paramref name="fields"/>; its enrichment (a batch row has none) read and dropped.</summary>
    public readonly struct IntoFields(ArrayBufferWriter<byte> fields) : IRowArrays
    {
        public int ReadValues(ref Utf8JsonReader reader) => RowJson.ReadFields(ref reader, fields);

        public int ReadEnrichment(ref Utf8JsonReader reader) => RowJson.ReadStringsInto(ref reader, []);
    }
}
