namespace Enrichment.Lambda.Core;

/// <summary>
/// The function's logger (the convenience methods LogInformation, LogError... are in
/// <see cref="LambdaLoggerExtensions"/>). Messages go to CloudWatch as they are, so callers must never
/// pass contact data (emails, phones, names, addresses, record contents): log ids, counts, types and
/// durations only.
/// </summary>
public interface ILambdaLogger
{
    /// <summary>True when a message at <paramref name="level"/> would be written.</summary>
    bool IsEnabled(LogLevel level);

    /// <summary>Writes <paramref name="message"/> at <paramref name="level"/>; must not contain personal data.</summary>
    void Log(LogLevel level, string message);

    /// <summary>
    /// Writes <paramref name="message"/> with the exception's type. Implementations must not write the
    /// exception's message: parsers and libraries quote the input that failed in theirs.
    /// </summary>
    void Log(LogLevel level, string message, Exception exception);
}
