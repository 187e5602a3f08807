namespace Enrichment.Core.Input;

/// <summary>A CSV record as the split's validation pass sees it: no value, only where it is and what it weighs.</summary>
/// <param name="Row">The record's row number (1-based, blank lines not counted).</param>
/// <param name="Offset">Where the record starts in the text's UTF-8 bytes (a byte order mark not counted).</param>
/// <param name="JsonBytes">The record's size as a batch row's JSON, by which batches are cut.</param>
internal readonly record struct RowSize(long Row, long Offset, long JsonBytes);
