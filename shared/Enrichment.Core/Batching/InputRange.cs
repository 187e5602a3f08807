namespace Enrichment.Core.Batching;

/// <summary>
/// A batch's records as a byte range of the job's kept CSV list (issue 13): the split names where
/// they are instead of sending them, and the worker reads and parses the range itself, so the list is
/// read once by the split and the rows never travel as JSON through the queue.
/// </summary>
/// <param name="Offset">The range's first byte in the kept list (at a record's start, after the header).</param>
/// <param name="Length">The range's bytes: its records and the line breaks after them, up to the next batch's first record.</param>
/// <param name="FirstRow">The row number of the range's first record.</param>
/// <param name="Rows">The records in the range: a worker that parses another count refuses the range (the list changed).</param>
/// <param name="Delimiter">The list's delimiter, as its header had it.</param>
public sealed record InputRange(long Offset, int Length, long FirstRow, int Rows, char Delimiter)
{
    /// <summary>
    /// The largest range sent: a batch's records are bounded in their JSON size, but blank lines between
    /// records are not, and a worker reads its range into memory. A list with a longer range goes as rows.
    /// </summary>
    public const int MaxLength = 32 * 1024 * 1024;
}
