namespace Enrichment.Core.Services;

/// <summary>What the validation pass found: the columns, the counts, the list's hash and size, and what its batches weigh as messages.</summary>
/// <param name="MessageBytes">The batches' rows as serialized into their messages, in all.</param>
/// <param name="Oversized">Batches of one record too big for a message, sent through the object store.</param>
public sealed record ListScanResult(IReadOnlyList<string> Columns, long Records, int Batches, byte[] ContentHash, long ListBytes, long MessageBytes, int Oversized);
