using Enrichment.Lambda.Core;
using Enrichment.Local.Workflow;
using Microsoft.Extensions.Logging;

namespace Enrichment.Local.Host.Hosting;

/// <summary>The context a local invocation gets: generous deadline, the host's one logger.</summary>
internal sealed class LocalLambdaContext(string requestId, string functionName, TimeProvider time, ILogger logger) : ILambdaContext
{
    private readonly DateTimeOffset _deadline = time.GetUtcNow().AddMinutes(15);

    public string AwsRequestId => requestId;
    public string FunctionName => functionName;
    public string FunctionVersion => "$LATEST";
    public string InvokedFunctionArn => EnrichmentStateMachine.FunctionArnPrefix + functionName;
    public int MemoryLimitInMB => 1024;
    public string LogGroupName => $"/local/{functionName}";
    public string LogStreamName => "local";
    public string? TraceId => null;
    public TimeSpan RemainingTime => _deadline - time.GetUtcNow();
    public ILogger Logger => logger;
}
