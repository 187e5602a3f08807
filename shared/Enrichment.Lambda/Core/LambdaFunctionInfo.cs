using System.Globalization;

namespace Enrichment.Lambda.Core;

/// <summary>The function's identity that Lambda passes through reserved environment variables.</summary>
public sealed record LambdaFunctionInfo(
    string FunctionName,
    string FunctionVersion,
    int MemoryLimitInMB,
    string LogGroupName,
    string LogStreamName)
{
    /// <summary>Reads AWS_LAMBDA_FUNCTION_NAME, _VERSION, _MEMORY_SIZE, AWS_LAMBDA_LOG_GROUP_NAME and _STREAM_NAME.</summary>
    public static LambdaFunctionInfo FromEnvironment() => FromVariables(Environment.GetEnvironmentVariable);

    /// <summary>Reads the variables through <paramref name="variable"/>; missing ones become empty (or 0 MB).</summary>
    public static LambdaFunctionInfo FromVariables(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        _ = int.TryParse(variable("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var memory);
        return new LambdaFunctionInfo(
            variable("AWS_LAMBDA_FUNCTION_NAME") ?? string.Empty,
            variable("AWS_LAMBDA_FUNCTION_VERSION") ?? string.Empty,
            memory,
            variable("AWS_LAMBDA_LOG_GROUP_NAME") ?? string.Empty,
            variable("AWS_LAMBDA_LOG_STREAM_NAME") ?? string.Empty);
    }
}
