using Microsoft.Extensions.Logging;

namespace Enrichment.Lambda.Logging;

/// <summary>
/// The invocation's scope: every line logged inside it, by whichever class logs it, carries the
/// request id. The hosts open it around each invocation (the bootstrap in Lambda, the local host's
/// invoke), so handlers and services never paste the id into their messages.
/// </summary>
public static class LogScopes
{
    /// <summary>The field's name in a JSON line.</summary>
    public const string RequestId = "requestId";

    // A list of key and value is the scope shape Microsoft.Extensions.Logging providers read fields from.
    public static IDisposable? BeginRequestScope(this ILogger logger, string requestId) =>
        logger.BeginScope(new KeyValuePair<string, object?>[] { new(RequestId, requestId) });
}
