using System.Text.Json.Serialization;

namespace Enrichment.Core.Providers.Http;

/// <summary>
/// An API key sent in a header. The definition names only the environment variable holding the
/// key, so a key never sits in a file that may be committed or logged.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record HttpAuthDefinition
{
    public string? Header { get; init; }

    public string? EnvironmentVariable { get; init; }

    /// <summary>Text before the key in the header value, e.g. <c>"Bearer "</c>.</summary>
    public string? Prefix { get; init; }
}
