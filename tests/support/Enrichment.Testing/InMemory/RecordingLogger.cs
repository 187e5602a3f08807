using System.Text.Json;
using Enrichment.Lambda.Logging;
using Microsoft.Extensions.Logging;

namespace Enrichment.Testing.InMemory;

/// <summary>
/// The product's logger (JSON, every level) writing to memory, so tests can check what was logged,
/// with which ids, and that no contact data was.
/// </summary>
public sealed class RecordingLogger : ILogger
{
    private readonly StringWriter _text = new();
    private readonly TextWriter _lines;
    private readonly StructuredLogger _logger;

    public RecordingLogger(TimeProvider? time = null)
    {
        // A synchronized writer locks on itself, so reading under that lock never sees half a line.
        _lines = TextWriter.Synchronized(_text);
        // One writer for every level: the lines keep the order they were logged in.
        _logger = new StructuredLogger(LogFormat.Json, LogLevel.Trace, _lines, _lines, time ?? TimeProvider.System);
    }

    /// <summary>Every line so far, as written (one JSON object each).</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return _text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            }
        }
    }

    /// <summary>Every line so far, parsed.</summary>
    public IReadOnlyList<JsonElement> Entries => [.. Lines.Select(line => JsonDocument.Parse(line).RootElement.Clone())];

    public bool IsEnabled(LogLevel logLevel) => _logger.IsEnabled(logLevel);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => _logger.BeginScope(state);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _logger.Log(logLevel, eventId, state, exception, formatter);
}
