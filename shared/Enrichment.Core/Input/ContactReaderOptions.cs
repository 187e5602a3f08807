namespace Enrichment.Core.Input;

/// <summary>Limits and overrides for the contact readers.</summary>
public sealed record ContactReaderOptions
{
    public static ContactReaderOptions Default { get; } = new();

    /// <summary>
    /// Longest single record (CSV characters or JSON bytes). A reader buffers one record at a time,
    /// so this bounds its memory; it also stops an unclosed quote from swallowing the whole file.
    /// </summary>
    public int MaxRecordLength { get; init; } = 4 * 1024 * 1024;

    /// <summary>Initial size of the reader's pooled buffer (characters or bytes); grows up to <see cref="MaxRecordLength"/>.</summary>
    public int BufferSize { get; init; } = 64 * 1024;

    /// <summary>CSV delimiter; null detects comma, semicolon or tab from the header line.</summary>
    public char? CsvDelimiter { get; init; }
}
