namespace Enrichment.Lambda.Core;

/// <summary>
/// The function's logger. Messages go to CloudWatch as they are, so callers must never pass contact
/// data (emails, phones, names, addresses, record contents): log ids, counts, types and durations only.
/// </summary>
public interface ILambdaLogger
{
    /// <summary>True when a message at <paramref name="level"/> would be written.</summary>
    bool IsEnabled(LogLevel level);

    /// <summary>Writes <paramref name="message"/> at <paramref name="level"/>; must not contain personal data.</summary>
    void Log(LogLevel level, string message);

    /// <summary>Same as the official LogLine: an information message.</summary>
    void LogLine(string message) => Log(LogLevel.Information, message);

    void LogTrace(string message) => Log(LogLevel.Trace, message);

    void LogDebug(string message) => Log(LogLevel.Debug, message);

    void LogInformation(string message) => Log(LogLevel.Information, message);

    void LogWarning(string message) => Log(LogLevel.Warning, message);

    void LogError(string message) => Log(LogLevel.Error, message);

    void LogCritical(string message) => Log(LogLevel.Critical, message);

    /// <summary>An error with the exception's type only: exception messages may quote input data.</summary>
    void LogError(string message, Exception exception) =>
        Log(LogLevel.Error, message + " (" + exception?.GetType().FullName + ")");
}
