namespace Enrichment.Core.Batching;

/// <summary>
/// A queue message. Rows travel inline; a batch whose rows would break the message size bound
/// travels as <see cref="PayloadKey"/>, an object holding the serialized rows (claim check).
/// A retry of a batch that was done but has error rows carries no rows: <see cref="ErrorsOnly"/>
/// tells the worker to re-run the error rows of the batch's part. A batch of a CSV list names its
/// records' <see cref="Range"/> in the job's kept list instead of carrying them (issue 13).
/// </summary>
public sealed record BatchMessage(
    string JobId,
    int Attempt,
    int BatchIndex,
    IReadOnlyList<BatchRow>? Rows,
    string? PayloadKey = null,
    bool ErrorsOnly = false,
    InputRange? Range = null);
