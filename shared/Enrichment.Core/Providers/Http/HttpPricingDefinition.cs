namespace Enrichment.Core.Providers.Http;

/// <summary>
/// What the provider charges, in US dollars, as its definition states (both optional): per HTTP
/// request made, and per lookup it answers with a match. Used by the cost estimate and the job's
/// counted cost only; it changes nothing the provider does.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record HttpPricingDefinition
{
    public decimal? PerCall { get; init; }

    public decimal? PerMatch { get; init; }
}
