namespace Enrichment.Core.Costs;

/// <summary>
/// An external provider's part of a job's cost: calls (HTTP requests) and matches (lookups it
/// answered with a match) at the prices its definition states; null prices are not stated (free, or unknown).
/// </summary>
public sealed record ProviderCost(string Provider, long Calls, long Matches, decimal? PricePerCallUsd, decimal? PricePerMatchUsd, decimal Usd);
