namespace Enrichment.Core.Providers.Http;

/// <summary>
/// An API key sent in a header. The definition names only where the key is kept (an environment
/// variable, an SSM parameter, or both), so a key never sits in a file that may be committed or logged.
/// </summary>
/// <param name="Header">The request header that carries the key.</param>
/// <param name="EnvironmentVariable">Variable holding the key; when it is set it wins over <paramref name="Parameter"/>.</param>
/// <param name="Parameter">
/// SSM parameter (SecureString) holding the key. A name without a leading '/' lives under the
/// <c>ENRICHMENT_PARAMETER_PREFIX</c> environment variable, so one file serves every stage.
/// </param>
/// <param name="Prefix">Text before the key in the header value, e.g. <c>"Bearer "</c>.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record HttpAuthDefinition(
    string? Header = null,
    string? EnvironmentVariable = null,
    string? Parameter = null,
    string? Prefix = null);
