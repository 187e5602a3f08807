using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Enrichment.Lambda.Core;

/// <summary>
/// Writes one JSON object per line: <c>{"timestamp","level","requestId","message"}</c> (plus
/// <c>errorType</c> when an exception is given). Lambda ships each stdout/stderr line to CloudWatch,
/// where JSON lines can be queried by field. Error and critical lines go to stderr, the rest to stdout.
/// </summary>
/// <remarks>
/// No personal data, ever: callers pass fixed messages with ids and counts, never record contents,
/// emails, phones or names. For an exception only its type is written, because exception messages of
/// parsers and libraries may quote the input that failed.
/// </remarks>
public sealed class JsonLambdaLogger : ILambdaLogger
{
    // Relaxed escaping keeps quotes and angle brackets readable in CloudWatch; the output is never embedded in HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The environment variable holding the minimum level (TRACE, DEBUG, INFO, WARN, ERROR, FATAL).</summary>
    public const string LevelVariable = "LOG_LEVEL";

    private readonly Sink _sink;
    private readonly string? _requestId;

    public JsonLambdaLogger(TextWriter standardOutput, TextWriter standardError, TimeProvider timeProvider, LogLevel minimumLevel)
        : this(new Sink(standardOutput, standardError, timeProvider, minimumLevel), requestId: null)
    {
    }

    private JsonLambdaLogger(Sink sink, string? requestId)
    {
        _sink = sink;
        _requestId = requestId;
    }

    public LogLevel MinimumLevel => _sink.MinimumLevel;

    /// <summary>The request id written with every line, or null for process-wide lines (init, shutdown).</summary>
    public string? RequestId => _requestId;

    /// <summary>A logger on the console, at the level named by LOG_LEVEL (or AWS_LAMBDA_LOG_LEVEL), INFO when unset.</summary>
    public static JsonLambdaLogger FromEnvironment(TimeProvider? timeProvider = null)
    {
        var level = Environment.GetEnvironmentVariable(LevelVariable)
            ?? Environment.GetEnvironmentVariable("AWS_LAMBDA_LOG_LEVEL");
        return new JsonLambdaLogger(Console.Out, Console.Error, timeProvider ?? TimeProvider.System, ParseLevel(level));
    }

    /// <summary>
    /// Reads a level name: the AWS names (TRACE, DEBUG, INFO, WARN, ERROR, FATAL), the .NET names
    /// (Information, Warning, Critical) or NONE/OFF, in any case. Unknown or empty means Information,
    /// because a typo in configuration must not silence the logs.
    /// </summary>
    public static LogLevel ParseLevel(string? value) => value?.Trim().ToUpperInvariant() switch
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

    /// <summary>The level name written in the "level" field (the names Lambda's own JSON logs use).</summary>
    public static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARN",
        LogLevel.Error => "ERROR",
        LogLevel.Critical => "FATAL",
        _ => "NONE",
    };

    /// <summary>A logger writing to the same place that stamps every line with <paramref name="requestId"/>.</summary>
    public JsonLambdaLogger ForRequest(string? requestId) => new(_sink, requestId);

    public bool IsEnabled(LogLevel level) => level != LogLevel.None && level >= _sink.MinimumLevel;

    public void Log(LogLevel level, string message) => Write(level, message, errorType: null);

    /// <summary>Writes <paramref name="message"/> with the exception's type only (see the class remarks).</summary>
    public void Log(LogLevel level, string message, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        Write(level, message, exception.GetType().FullName);
    }

    private void Write(LogLevel level, string message, string? errorType)
    {
        if (!IsEnabled(level))
        {
            return;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", _sink.TimeProvider.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("level", LevelName(level));
            if (_requestId is not null)
            {
                json.WriteString("requestId", _requestId);
            }

            json.WriteString("message", message);
            if (errorType is not null)
            {
                json.WriteString("errorType", errorType);
            }

            json.WriteEndObject();
        }

        _sink.WriteLine(level >= LogLevel.Error, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private sealed class Sink(TextWriter standardOutput, TextWriter standardError, TimeProvider timeProvider, LogLevel minimumLevel)
    {
        private readonly Lock _gate = new();

        public TimeProvider TimeProvider { get; } = timeProvider;

        public LogLevel MinimumLevel { get; } = minimumLevel;

        public void WriteLine(bool toError, string line)
        {
            // One lock for both writers keeps lines whole when invocations and background work log at once.
            lock (_gate)
            {
                var writer = toError ? standardError : standardOutput;
                writer.WriteLine(line);
                writer.Flush();
            }
        }
    }
}
