namespace Enrichment.Core.Providers.Http;

/// <summary>
/// The outcome of reading a provider's API key: the header value, or why there is none.
/// <paramref name="Source"/> names where the key came from (a variable or a parameter), never the key.
/// </summary>
internal sealed record HttpProviderKeyResult(string? HeaderValue, HttpProviderFailure? Failure, string? Source);
