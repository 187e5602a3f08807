namespace Enrichment.Core.Input;

/// <summary>
/// Where the parser is in the file's bytes, for the split's byte-range batches (issue 13): a batch
/// names the range of the kept list its records were read from, and the worker parses that range.
/// </summary>
internal sealed partial class CsvParser
{
    /// <summary>UTF-8 bytes of the text before <see cref="_counted"/>.</summary>
    private long _countedBytes;

    /// <summary>The window index up to which the text's bytes are counted; never past <see cref="_start"/>.</summary>
    private int _counted;

    /// <summary>
    /// UTF-8 bytes of all the text before the window's start: at a record's start (after
    /// <see cref="SkipBlankLines"/> answered Ready), the record's offset in the file, less the byte
    /// order mark the reader took off. Exact because the text was decoded strictly from UTF-8
    /// (no replacement characters, no lone surrogates) and a record never starts inside a surrogate pair.
    /// </summary>
    public long BytesBeforeStart
    {
        get
        {
            CountBytesToStart();
            return _countedBytes;
        }
    }

    private void CountBytesToStart()
    {
        // Counted lazily, a stretch at a time: ASCII text is counted at memory speed, and only asked at batch starts and refills.
        _countedBytes += Encoding.UTF8.GetByteCount(_buffer.AsSpan(_counted, _start - _counted));
        _counted = _start;
    }
}
