using Microsoft.Extensions.Logging;

namespace Enrichment.Core.Logging;

/// <summary>
/// The job's scope: every line logged inside it, by whichever class logs it, carries the job id, as
/// the invocation's scope carries the request id. Opened where a handler or service learns the job.
/// </summary>
public static class JobLogScope
{
    /// <summary>The field's name in a JSON line.</summary>
    public const string JobId = "jobId";

    // A list of key and value is the scope shape Microsoft.Extensions.Logging providers read fields from.
    public static IDisposable? BeginJobScope(this ILogger logger, string jobId) =>
        logger.BeginScope(new KeyValuePair<string, object?>[] { new(JobId, jobId) });
}
