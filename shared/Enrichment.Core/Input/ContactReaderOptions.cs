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

    /// <summary>Most columns a list may have (CSV header fields, distinct JSON keys): a wider list is refused.</summary>
    public int MaxColumns { get; init; } = InputLimits.MaxColumns;

    /// <summary>Longest header: the CSV header line's characters, or the JSON keys' characters together.</summary>
    public int MaxHeaderLength { get; init; } = InputLimits.MaxHeaderLength;

    /// <summary>CSV delimiter; null detects comma, semicolon or tab from the header line.</summary>
    public char? CsvDelimiter { get; init; }
}
