namespace Enrichment.Core.Input;

/// <summary>
/// One record as read. <see cref="Values"/> is aligned with the reader's columns at the time the
/// record was read; it may be shorter than the final column list (JSON keys seen later), never longer.
/// </summary>
/// <param name="Row">1-based position among the data records (the output keeps this order).</param>
/// <param name="Line">1-based line of the file where the record starts, for error messages.</param>
public sealed record InputRecord(long Row, long Line, string?[] Values);
