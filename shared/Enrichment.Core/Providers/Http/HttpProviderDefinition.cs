namespace Enrichment.Core.Providers.Http;

/// <summary>
/// One external person-data API, as written in its JSON definition file. Unknown properties are
/// refused so that a misspelt setting is an error instead of a silently ignored default.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record HttpProviderDefinition
{
    /// <summary>Provider name: <c>enriched_by</c> value and the prefix of its output columns.</summary>
    public string? Name { get; init; }

    /// <summary>Per-record endpoint: one JSON object POSTed per contact.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>Bulk endpoint; when present it is used instead of <see cref="Endpoint"/>.</summary>
    public HttpBulkDefinition? Bulk { get; init; }

    /// <summary>API field name to contact field name (e.g. <c>"email": "Email"</c>).</summary>
    public Dictionary<string, string>? Request { get; init; }

    /// <summary>Output field to a dot-separated JSON path in one answer.</summary>
    public Dictionary<string, HttpResponseField>? Response { get; init; }

    /// <summary>Dot-separated JSON path of the match confidence (a number from 0 to 1).</summary>
    public string? MatchConfidence { get; init; }

    public HttpAuthDefinition? Auth { get; init; }

    public HttpResilienceDefinition? Resilience { get; init; }

    /// <summary>What the provider charges (per call, per match); read by the cost estimate and the job's cost only.</summary>
    public HttpPricingDefinition? Pricing { get; init; }
}
