namespace Enrichment.Core.Providers.Http;

/// <summary>
/// What one lookup of a provider found, as kept in the job's answer cache: the mapped values by
/// output column and the confidence. No values means no match (worth keeping too: it is paid for).
/// </summary>
public sealed record HttpProviderAnswer
{
    public static readonly HttpProviderAnswer NoMatch = new();

    public Dictionary<string, string>? Values { get; init; }

    public string? Confidence { get; init; }

    [JsonIgnore]
    public bool IsMatch => Values is { Count: > 0 };
}
