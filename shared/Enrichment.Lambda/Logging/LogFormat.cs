namespace Enrichment.Lambda.Logging;

/// <summary>How <see cref="StructuredLogger"/> writes a line.</summary>
public enum LogFormat
{
    /// <summary>One JSON object a line, which CloudWatch Logs Insights queries by field (Lambda).</summary>
    Json,

    /// <summary>One readable line: time, level, the scope's ids, the message (a terminal).</summary>
    Text,
}
