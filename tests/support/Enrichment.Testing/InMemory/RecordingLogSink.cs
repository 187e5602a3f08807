using System.Collections.Concurrent;
using Enrichment.Core.Services;

namespace Enrichment.Testing.InMemory;

/// <summary>Keeps log lines so tests can check what was logged (and that no contact data was).</summary>
public sealed class RecordingLogSink : ILogSink
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public void Info(string message) => _lines.Enqueue("info " + message);

    public void Warn(string message) => _lines.Enqueue("warn " + message);

    public void Error(string message) => _lines.Enqueue("error " + message);
}
