using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Enrichment.Lambda.Logging;

/// <summary>
/// The product's one logger, for the bootstrap, the handlers and the services alike. A line carries
/// the fields of the scopes it is logged in (the invocation's <c>requestId</c>, the <c>jobId</c>):
/// as JSON, <c>{"timestamp","level","requestId","jobId","message","errorType"}</c>, which CloudWatch
/// queries by field; as text, one readable line for a terminal.
/// </summary>
/// <remarks>
/// No personal data, ever: callers log ids, counts and types, never record contents, emails, phones
/// or names. For an exception only its type is written, because exception messages of parsers and
/// libraries may quote the input that failed. Scopes flow with the async context, so a line logged
/// by a service inside an invocation carries that invocation's ids even when several run at once.
/// </remarks>
/// <param name="output">Where lines below Error go.</param>
/// <param name="errors">Where Error and Critical lines go (the same writer as <paramref name="output"/> for one stream).</param>
public sealed class StructuredLogger(LogFormat format, LogLevel minimumLevel, TextWriter output, TextWriter errors, TimeProvider time) : ILogger
{
    /// <summary>The environment variable holding the level on AWS (Terraform sets it).</summary>
    public const string LevelVariable = "LOG_LEVEL";

    // Relaxed escaping keeps quotes and angle brackets readable in CloudWatch; the output is never embedded in HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly LoggerExternalScopeProvider _scopes = new();
    private readonly Lock _gate = new();

    public LogFormat Format { get; } = format;

    public LogLevel MinimumLevel { get; } = minimumLevel;

    /// <summary>
    /// The logger of a Lambda function: JSON on standard output (errors on standard error), at the
    /// level named by LOG_LEVEL, else Lambda's own AWS_LAMBDA_LOG_LEVEL, else INFO.
    /// </summary>
    public static StructuredLogger ForLambda(Func<string, string?> environment, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var level = environment(LevelVariable) ?? environment("AWS_LAMBDA_LOG_LEVEL");
        return new StructuredLogger(LogFormat.Json, LogLevels.Parse(level), Console.Out, Console.Error, time);
    }

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= MinimumLevel;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => _scopes.Push(state);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel))
        {
            return;
        }

        // The formatter is given no exception: the message must not quote one.
        var message = formatter(state, null);
        var fields = ScopeFields();
        var line = Format == LogFormat.Json
            ? Json(logLevel, fields, message, exception?.GetType().FullName)
            : Text(logLevel, fields, message, exception?.GetType().FullName);
        var writer = logLevel >= LogLevel.Error ? errors : output;

        // One lock for both writers keeps lines whole when invocations and background work log at once.
        lock (_gate)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    /// <summary>The fields of the scopes the caller is in, outermost first; an inner scope's value wins.</summary>
    private List<KeyValuePair<string, string>> ScopeFields()
    {
        var fields = new List<KeyValuePair<string, string>>(2);
        _scopes.ForEachScope(
            static (scope, fields) =>
            {
                if (scope is not IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    return;
                }

                foreach (var (name, value) in pairs)
                {
                    var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
                    var at = fields.FindIndex(f => f.Key == name);
                    if (at >= 0)
                    {
                        fields[at] = new(name, text);
                    }
                    else
                    {
                        fields.Add(new(name, text));
                    }
                }
            },
            fields);
        return fields;
    }

    private string Timestamp() =>
        time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private string Json(LogLevel level, List<KeyValuePair<string, string>> fields, string message, string? errorType)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", Timestamp());
            json.WriteString("level", LogLevels.Name(level));
            foreach (var (name, value) in fields)
            {
                // Fixed fields keep their place; a scope cannot overwrite them.
                if (name is not ("timestamp" or "level" or "message" or "errorType"))
                {
                    json.WriteString(name, value);
                }
            }

            json.WriteString("message", message);
            if (errorType is not null)
            {
                json.WriteString("errorType", errorType);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private string Text(LogLevel level, List<KeyValuePair<string, string>> fields, string message, string? errorType)
    {
        var line = new StringBuilder(128).Append(Timestamp()).Append(' ').Append(LogLevels.Name(level).PadRight(5));
        foreach (var (name, value) in fields)
        {
            line.Append(' ').Append(name).Append('=').Append(value);
        }

        line.Append(' ').Append(message);
        if (errorType is not null)
        {
            line.Append(" [").Append(errorType).Append(']');
        }

        return line.ToString();
    }
}
