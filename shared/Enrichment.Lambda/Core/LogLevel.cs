namespace Enrichment.Lambda.Core;

/// <summary>Log levels, in the order of Amazon.Lambda.Core.LogLevel.</summary>
public enum LogLevel
{
    Trace = 0,
    Debug = 1,
    Information = 2,
    Warning = 3,
    Error = 4,
    Critical = 5,

    /// <summary>As a minimum level: log nothing.</summary>
    None = 6,
}
