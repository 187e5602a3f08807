using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Enrichment.Lambda.Core;

/// <summary>
/// The context of one invocation. <see cref="RemainingTime"/> is measured against the deadline that
/// Lambda sent (Lambda-Runtime-Deadline-Ms) on the injected clock.
/// </summary>
public sealed class LambdaContext : ILambdaContext
{
    private readonly TimeProvider _timeProvider;
    private readonly LambdaFunctionInfo _function;

    public LambdaContext(
        string awsRequestId,
        DateTimeOffset deadline,
        string invokedFunctionArn,
        string? traceId,
        LambdaFunctionInfo function,
        ILogger logger,
        TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(timeProvider);
        AwsRequestId = awsRequestId;
        Deadline = deadline;
        InvokedFunctionArn = invokedFunctionArn;
        TraceId = traceId;
        Logger = logger;
        _function = function;
        _timeProvider = timeProvider;
    }

    public string AwsRequestId { get; }

    /// <summary>The moment Lambda stops the invocation.</summary>
    public DateTimeOffset Deadline { get; }

    public string FunctionName => _function.FunctionName;

    public string FunctionVersion => _function.FunctionVersion;

    public string InvokedFunctionArn { get; }

    public int MemoryLimitInMB => _function.MemoryLimitInMB;

    public string LogGroupName => _function.LogGroupName;

    public string LogStreamName => _function.LogStreamName;

    public string? TraceId { get; }

    public ILogger Logger { get; }

    public TimeSpan RemainingTime
    {
        get
        {
            var remaining = Deadline - _timeProvider.GetUtcNow();
            return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
        }
    }

    /// <summary>Reads a Lambda-Runtime-Deadline-Ms value (Unix epoch milliseconds).</summary>
    public static DateTimeOffset ParseDeadline(string? deadlineMs) =>
        long.TryParse(deadlineMs, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
            : throw new FormatException("Lambda-Runtime-Deadline-Ms is not a Unix time in milliseconds.");
}
