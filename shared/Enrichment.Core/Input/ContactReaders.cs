namespace Enrichment.Core.Input;

/// <summary>Opens the streaming reader for an input format.</summary>
public static class ContactReaders
{
    /// <summary>A reader over <paramref name="stream"/>; the caller keeps ownership of the stream.</summary>
    public static IContactReader Open(Stream stream, InputFormat format, ContactReaderOptions? options = null) =>
        format switch
        {
            InputFormat.Csv => new CsvContactReader(stream, options),
            InputFormat.Json => new JsonArrayContactReader(stream, options),
            InputFormat.JsonLines => new JsonLinesContactReader(stream, options),
            InputFormat.Xlsx => new XlsxContactReader(stream, options),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown input format."),
        };
}
