using Enrichment.Core.Providers.Http;

namespace Enrichment.Core.Costs;

/// <summary>What an external provider is paid for in a job: calls and matches, and its definition's prices (null: none stated).</summary>
public sealed record ProviderCharge(string Provider, long Calls, long Matches, HttpPricingDefinition? Pricing);
