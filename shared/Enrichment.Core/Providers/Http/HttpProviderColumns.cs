namespace Enrichment.Core.Providers.Http;

/// <summary>Columns every HTTP provider writes besides its mapped fields.</summary>
public static class HttpProviderColumns
{
    public const string MatchConfidence = "match_confidence";
    public const string EnrichedBy = "enriched_by";
}
