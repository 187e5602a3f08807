namespace Enrichment.Core.Input;

/// <summary>
/// A streaming reader of a contact list. It never holds the whole list; malformed input throws
/// <see cref="InputFormatException"/> at the point where it is found.
/// </summary>
public interface IContactReader
{
    /// <summary>Column names in first-seen order; grows while a JSON list is read.</summary>
    IReadOnlyList<string> Columns { get; }

    IAsyncEnumerable<InputRecord> ReadAsync(CancellationToken cancellationToken);
}
