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

    /// <summary>The worksheet of an .xlsx workbook to read; null reads the first visible sheet.</summary>
    public string? Sheet { get; init; }

    /// <summary>
    /// Largest .xlsx file. A workbook is a zip, read from a seekable stream: a non-seekable one (an S3
    /// object) is first copied to a temporary file, which this bounds (Lambda's /tmp is 512 MB by default).
    /// </summary>
    public long MaxWorkbookBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>
    /// Largest total of a workbook's unpacked parts, as the zip declares them (the zip reader never
    /// inflates an entry past its declared size), so a zip bomb is refused before it is inflated.
    /// </summary>
    public long MaxWorkbookUnpackedBytes { get; init; } = 2L * 1024 * 1024 * 1024;

    /// <summary>
    /// Largest unpacked shared-string table: the one part of a workbook a reader must hold in memory
    /// (every text cell of the workbook refers into it), so this bounds the reader's memory.
    /// </summary>
    public long MaxSharedStringsBytes { get; init; } = 128L * 1024 * 1024;
}
