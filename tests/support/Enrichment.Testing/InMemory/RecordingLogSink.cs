using System.Collections.Concurrent;
using Enrichment.Core.Services;

namespace Enrichment.Testing.InMemory;

/// <summary>Keeps log lines so tests can check what was logged (and that no contact data was).</summary>
public sealed class RecordingLogSink : ILogSink
{
    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyList<string> Lines => [.. lines];

    public void Info(string message) => lines.Enqueue("info " + message);

    public void Warn(string message) => lines.Enqueue("warn " + message);

    public void Error(string message) => lines.Enqueue("error " + message);
}
