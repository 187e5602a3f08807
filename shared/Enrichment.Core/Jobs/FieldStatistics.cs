namespace Enrichment.Core.Jobs;

/// <summary>How often one provider filled one output column.</summary>
public sealed record FieldStatistics(string Column, long Filled, double Rate);
