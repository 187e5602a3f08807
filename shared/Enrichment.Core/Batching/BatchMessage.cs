namespace Enrichment.Core.Batching;

/// <summary>
/// A queue message. Rows travel inline; a batch whose rows would break the message size bound
/// travels as <see cref="PayloadKey"/>, an object holding the serialized rows (claim check).
/// </summary>
public sealed record BatchMessage(
    string JobId,
    int Attempt,
    int BatchIndex,
    IReadOnlyList<BatchRow>? Rows,
    string? PayloadKey = null);
