namespace Enrichment.Core.Batching;

/// <summary>
/// A batch cut by <see cref="BatchPlanner"/>.
/// </summary>
/// <param name="Index">0-based position of the batch in the job.</param>
/// <param name="Rows">The batch's records, in input order.</param>
/// <param name="SerializedBytes">
/// Exact UTF-8 size of <paramref name="Rows"/> serialized as a JSON array through EnrichmentJsonContext;
/// a <see cref="BatchMessage"/> carrying them inline is this plus its small envelope.
/// </param>
/// <param name="Oversized">
/// A single record too big for the bound on its own; the caller sends it by claim check through the
/// object store instead of inline.
/// </param>
public sealed record PlannedBatch(int Index, IReadOnlyList<BatchRow> Rows, long SerializedBytes, bool Oversized);
