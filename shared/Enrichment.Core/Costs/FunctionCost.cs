namespace Enrichment.Core.Costs;

/// <summary>
/// One function's configured memory and, where its duration is estimated rather than measured, the
/// estimate: a fixed part (per invocation; the worker's per batch) plus a part per 1,000 records.
/// </summary>
public sealed record FunctionCost(int MemoryMb, double FixedMilliseconds = 0, double MillisecondsPerThousandRecords = 0)
{
    /// <summary>Memory times the estimated duration of <paramref name="fixedParts"/> fixed parts and <paramref name="thousandRecords"/> thousands of records.</summary>
    public long EstimatedMbMilliseconds(double fixedParts, double thousandRecords = 0) =>
        UsageEstimate.Ms(MemoryMb, (fixedParts * FixedMilliseconds) + (thousandRecords * MillisecondsPerThousandRecords));
}
