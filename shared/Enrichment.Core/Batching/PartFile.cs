using System.Runtime.CompilerServices;

namespace Enrichment.Core.Batching;

/// <summary>
/// The part file format, written by the worker (<see cref="PartWriter"/>) and read by the worker (a
/// revision) and the aggregate (<see cref="PartBuffer"/>): since issue 13 the second format
/// (<see cref="PartFields"/>: a header, length-prefixed records, an end with the record count); a part
/// written before it, one <see cref="PartRecord"/> as JSON per line (JSON Lines, UTF-8), is still read,
/// told apart by the header (a job in flight across a deploy has both). Keys keep their <c>.jsonl</c> name.
/// </summary>
public static class PartFile
{
    /// <summary>Parts are no longer JSON Lines; the content type only labels the object.</summary>
    public const string ContentType = "application/octet-stream";

    /// <summary>The part's records in order; a missing part or an empty record is <see cref="InvalidDataException"/> naming <paramref name="what"/> ("part of batch 3 of job j").</summary>
    /// <remarks>
    /// The part is read whole into a pooled buffer and each line parsed straight from its UTF-8
    /// bytes (<see cref="PartBuffer"/>): a line read as a string first cost a UTF-16 copy of every row,
    /// decoded again by the parser (a part is one batch, small enough to hold).
    /// </remarks>
    public static async IAsyncEnumerable<PartRecord> ReadAsync(
        IObjectStore store,
        string key,
        string what,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var part = await PartBuffer.ReadAsync(store, key, what, cancellationToken);
        while (part.Next() is { } record)
        {
            yield return record;
        }
    }
}
