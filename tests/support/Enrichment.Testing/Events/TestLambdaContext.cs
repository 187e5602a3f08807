using Enrichment.Lambda.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Enrichment.Testing.Events;

/// <summary>A context for calling handlers directly in tests.</summary>
public sealed class TestLambdaContext : ILambdaContext
{
    public string AwsRequestId { get; init; } = "test-request-1";
    public string FunctionName { get; init; } = "test-function";
    public string FunctionVersion { get; init; } = "$LATEST";
    public string InvokedFunctionArn { get; init; } = "arn:aws:lambda:us-east-1:123456789012:function:test-function";
    public int MemoryLimitInMB { get; init; } = 512;
    public string LogGroupName { get; init; } = "/aws/lambda/test-function";
    public string LogStreamName { get; init; } = "test";
    public string? TraceId { get; init; }
    public TimeSpan RemainingTime { get; init; } = TimeSpan.FromMinutes(5);
    public ILogger Logger { get; init; } = NullLogger.Instance;
}
