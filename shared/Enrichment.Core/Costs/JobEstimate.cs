namespace Enrichment.Core.Costs;

/// <summary>
/// The answer of <c>POST /jobs?dryRun=true</c> and <c>enrich --estimate</c>: what the job would do
/// and cost. Nothing was created. Provider calls are after the job's de-duplication; matches are
/// the most there could be (every distinct lookup matching).
/// </summary>
/// <param name="DistinctEmails">Valid emails, counted once each after normalization.</param>
/// <param name="UsdPer100kRecords">The total scaled to 100,000 records.</param>
public sealed record JobEstimate(
    bool DryRun,
    long Records,
    int Batches,
    long DistinctEmails,
    long ListBytes,
    IReadOnlyList<string> Providers,
    JobCost Cost,
    decimal UsdPer100kRecords);
