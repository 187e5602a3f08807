namespace Enrichment.Core.Providers.Http;

/// <summary>
/// An API key sent in a header. The definition names only where the key is kept (an environment
/// variable, an SSM parameter, or both), so a key never sits in a file that may be committed or logged.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record HttpAuthDefinition
{
    public string? Header { get; init; }

    /// <summary>Variable holding the key; when it is set it wins over <see cref="Parameter"/>.</summary>
    public string? EnvironmentVariable { get; init; }

    /// <summary>
    /// SSM parameter (SecureString) holding the key. A name without a leading '/' lives under the
    /// <c>ENRICHMENT_PARAMETER_PREFIX</c> environment variable, so one file serves every stage.
    /// </summary>
    public string? Parameter { get; init; }

    /// <summary>Text before the key in the header value, e.g. <c>"Bearer "</c>.</summary>
    public string? Prefix { get; init; }
}
