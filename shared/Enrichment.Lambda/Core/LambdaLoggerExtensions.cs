namespace Enrichment.Lambda.Core;

/// <summary>The level-named shorthands of Amazon.Lambda.Core's logger.</summary>
public static class LambdaLoggerExtensions
{
    /// <summary>Same as the official LogLine: an information message.</summary>
    public static void LogLine(this ILambdaLogger logger, string message) => Checked(logger).Log(LogLevel.Information, message);

    public static void LogTrace(this ILambdaLogger logger, string message) => Checked(logger).Log(LogLevel.Trace, message);

    public static void LogDebug(this ILambdaLogger logger, string message) => Checked(logger).Log(LogLevel.Debug, message);

    public static void LogInformation(this ILambdaLogger logger, string message) => Checked(logger).Log(LogLevel.Information, message);

    public static void LogWarning(this ILambdaLogger logger, string message) => Checked(logger).Log(LogLevel.Warning, message);

    public static void LogWarning(this ILambdaLogger logger, string message, Exception exception) =>
        Checked(logger).Log(LogLevel.Warning, message, exception);

    public static void LogError(this ILambdaLogger logger, string message) => Checked(logger).Log(LogLevel.Error, message);

    /// <summary>An error with the exception's type only (see <see cref="ILambdaLogger.Log(LogLevel, string, Exception)"/>).</summary>
    public static void LogError(this ILambdaLogger logger, string message, Exception exception) =>
        Checked(logger).Log(LogLevel.Error, message, exception);

    public static void LogCritical(this ILambdaLogger logger, string message) => Checked(logger).Log(LogLevel.Critical, message);

    private static ILambdaLogger Checked(ILambdaLogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        return logger;
    }
}
