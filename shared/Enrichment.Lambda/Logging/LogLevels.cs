using Microsoft.Extensions.Logging;

namespace Enrichment.Lambda.Logging;

/// <summary>The one reading of a level setting (LOG_LEVEL on AWS, --log-level and the local settings).</summary>
public static class LogLevels
{
    /// <summary>
    /// Reads a level name: the AWS names (TRACE, DEBUG, INFO, WARN, ERROR, FATAL), the .NET names
    /// (Information, Warning, Critical) or NONE/OFF, in any case. Unknown or empty means Information,
    /// because a typo in configuration must not silence the logs.
    /// </summary>
    public static LogLevel Parse(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        "TRACE" => LogLevel.Trace,
        "DEBUG" => LogLevel.Debug,
        "INFO" or "INFORMATION" => LogLevel.Information,
        "WARN" or "WARNING" => LogLevel.Warning,
        "ERROR" => LogLevel.Error,
        "FATAL" or "CRITICAL" => LogLevel.Critical,
        "NONE" or "OFF" => LogLevel.None,
        _ => LogLevel.Information,
    };

    /// <summary>The name written in a line's level field (the names Lambda's own JSON logs use).</summary>
    public static string Name(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARN",
        LogLevel.Error => "ERROR",
        LogLevel.Critical => "FATAL",
        _ => "NONE",
    };
}
