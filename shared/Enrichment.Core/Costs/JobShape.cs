namespace Enrichment.Core.Costs;

/// <summary>What the estimate knows of a job before it runs: from the validation pass over its list and its chain.</summary>
/// <param name="SqsSendRequests">SQS requests of the split's sends, as the counting queue would count them.</param>
/// <param name="EnrichmentColumns">Columns the chain adds to each record.</param>
/// <param name="CacheReads">Answer-cache keys read by the job's batches (each batch reads its distinct lookups).</param>
/// <param name="CacheWrites">Answers written to the cache (one per call's lookup).</param>
/// <param name="RangedBatches">
/// The batches name byte ranges of the kept list (a CSV list) instead of carrying their rows: their
/// messages are small, none goes by claim check, and each worker reads its range with one GET.
/// </param>
public sealed record JobShape(
    long Records,
    int Batches,
    long ListBytes,
    long MessageBytes,
    int Oversized,
    long SqsSendRequests,
    int EnrichmentColumns,
    long CacheReads,
    long CacheWrites,
    bool RangedBatches = false);
