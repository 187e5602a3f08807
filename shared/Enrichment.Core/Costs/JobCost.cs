namespace Enrichment.Core.Costs;

/// <summary>
/// What a job costs (an estimate before it runs, or the count after): AWS line by line from
/// <see cref="AwsPrices"/>, and each external provider from its definition's prices.
/// </summary>
/// <param name="Basis">How the quantities were obtained: an estimate, or counted (and which are derived).</param>
/// <param name="Prices">Where the unit prices come from (<see cref="AwsPrices.Basis"/>).</param>
public sealed record JobCost(
    decimal TotalUsd,
    decimal AwsUsd,
    decimal ProvidersUsd,
    IReadOnlyList<CostLine> Aws,
    IReadOnlyList<ProviderCost> Providers,
    string Basis,
    string Prices);
