using Enrichment.Lambda.Core;
using Microsoft.Extensions.Logging;

namespace Enrichment.Lambda.RuntimeSupport;

/// <summary>How <see cref="LambdaBootstrap"/> runs; every member has a production default.</summary>
public sealed record LambdaBootstrapOptions
{
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// The process's logger, which the handler's services share: each invocation runs in its request
    /// scope. Default: <see cref="Logging.StructuredLogger.ForLambda"/> (JSON on the console, LOG_LEVEL).
    /// </summary>
    public ILogger? Logger { get; init; }

    /// <summary>The function's name, version and memory. Default: Lambda's reserved environment variables.</summary>
    public LambdaFunctionInfo? Function { get; init; }

    /// <summary>
    /// How long before the invocation deadline the handler's token is cancelled, so the handler can
    /// stop cleanly and the runtime can still report the outcome before Lambda kills the sandbox.
    /// </summary>
    public TimeSpan DeadlineMargin { get; init; } = TimeSpan.FromMilliseconds(500);
}
