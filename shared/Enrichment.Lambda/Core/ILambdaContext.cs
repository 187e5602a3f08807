using Microsoft.Extensions.Logging;

namespace Enrichment.Lambda.Core;

/// <summary>
/// What a handler knows about the invocation it serves. Mirrors Amazon.Lambda.Core.ILambdaContext
/// (the members the product uses), so moving to the official package is a namespace change.
/// </summary>
public interface ILambdaContext
{
    /// <summary>The invocation's request id (Lambda-Runtime-Aws-Request-Id).</summary>
    string AwsRequestId { get; }

    string FunctionName { get; }

    string FunctionVersion { get; }

    string InvokedFunctionArn { get; }

    int MemoryLimitInMB { get; }

    string LogGroupName { get; }

    string LogStreamName { get; }

    /// <summary>The X-Ray trace header of the invocation, when Lambda sent one.</summary>
    string? TraceId { get; }

    /// <summary>Time left until Lambda stops the invocation; never negative.</summary>
    TimeSpan RemainingTime { get; }

    /// <summary>The process's logger; inside the invocation its lines carry the request id (the host opens that scope).</summary>
    ILogger Logger { get; }
}
