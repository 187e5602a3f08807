namespace Enrichment.Core.Providers;

/// <summary>One configured provider: its kind and the optional argument after the first colon.</summary>
public sealed record ProviderSpec(string Name, string Kind, string? Argument)
{
    public static ProviderSpec Parse(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var trimmed = name.Trim();
        var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
        return colon < 0
            ? new ProviderSpec(trimmed, trimmed, null)
            : new ProviderSpec(trimmed, trimmed[..colon], trimmed[(colon + 1)..]);
    }
}
