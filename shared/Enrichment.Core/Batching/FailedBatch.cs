namespace Enrichment.Core.Batching;

/// <summary>The rows of a batch that could not be processed, kept for the output's error rows and for retry.</summary>
public sealed record FailedBatch(string JobId, int BatchIndex, string Reason, IReadOnlyList<BatchRow> Rows);
