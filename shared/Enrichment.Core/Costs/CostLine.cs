namespace Enrichment.Core.Costs;

/// <summary>One priced quantity: <see cref="Quantity"/> <see cref="Unit"/> at <see cref="UnitPriceUsd"/> each.</summary>
public sealed record CostLine(string Item, decimal Quantity, string Unit, decimal UnitPriceUsd, decimal Usd);
