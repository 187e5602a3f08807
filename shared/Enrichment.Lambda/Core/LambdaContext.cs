using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Enrichment.Lambda.Core;

/// <summary>
/// The context of one invocation. <see cref="RemainingTime"/> is measured against the deadline that
/// Lambda sent (Lambda-Runtime-Deadline-Ms) on the injected clock.
/// </summary>
public sealed class LambdaContext(
    string awsRequestId,
    DateTimeOffset deadline,
    string invokedFunctionArn,
    string? traceId,
    LambdaFunctionInfo function,
    ILogger logger,
    TimeProvider timeProvider) : ILambdaContext
{
    public string AwsRequestId { get; } = awsRequestId;

    /// <summary>The moment Lambda stops the invocation.</summary>
    public DateTimeOffset Deadline { get; } = deadline;

    public string FunctionName => function.FunctionName;

    public string FunctionVersion => function.FunctionVersion;

    public string InvokedFunctionArn { get; } = invokedFunctionArn;

    public int MemoryLimitInMB => function.MemoryLimitInMB;

    public string LogGroupName => function.LogGroupName;

    public string LogStreamName => function.LogStreamName;

    public string? TraceId { get; } = traceId;

    public ILogger Logger { get; } = logger;

    public TimeSpan RemainingTime
    {
        get
        {
            var remaining = Deadline - timeProvider.GetUtcNow();
            return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
        }
    }

    /// <summary>Reads a Lambda-Runtime-Deadline-Ms value (Unix epoch milliseconds).</summary>
    public static DateTimeOffset ParseDeadline(string? deadlineMs) =>
        long.TryParse(deadlineMs, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
            : throw new FormatException("Lambda-Runtime-Deadline-Ms is not a Unix time in milliseconds.");
}
