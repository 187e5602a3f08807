namespace Enrichment.Core.Costs;

/// <summary>What the estimate knows of a job before it runs: from the validation pass over its list and its chain.</summary>
/// <param name="SqsSendRequests">SQS requests of the split's sends, as the counting queue would count them.</param>
/// <param name="EnrichmentColumns">Columns the chain adds to each record.</param>
/// <param name="CacheReads">Answer-cache keys read by the job's batches (each batch reads its distinct lookups).</param>
/// <param name="CacheWrites">Answers written to the cache (one per call's lookup).</param>
public sealed record JobShape(
    long Records,
    int Batches,
    long ListBytes,
    long MessageBytes,
    int Oversized,
    long SqsSendRequests,
    int EnrichmentColumns,
    long CacheReads,
    long CacheWrites);
