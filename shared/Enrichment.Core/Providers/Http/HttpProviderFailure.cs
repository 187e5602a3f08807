namespace Enrichment.Core.Providers.Http;

/// <summary>
/// Why a call to an HTTP provider failed, as a record error code and a reason. The reason names the
/// provider and the HTTP status or failure kind only: never the key, the request or the answer.
/// </summary>
public sealed record HttpProviderFailure(string Code, string Reason)
{
    /// <summary>Down, throttling past every retry, timing out, or its breaker is open: a retry later may work.</summary>
    public const string Unavailable = "provider_unavailable";

    /// <summary>It refused the request (bad key, bad request): retrying will not help.</summary>
    public const string Rejected = "provider_rejected";

    /// <summary>It answered with something that is not the documented JSON.</summary>
    public const string BadResponse = "provider_bad_response";
}
