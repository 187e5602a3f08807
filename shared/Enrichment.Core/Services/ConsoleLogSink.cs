using System.Text.Json;

namespace Enrichment.Core.Services;

/// <summary>One JSON object a line on standard error: what CloudWatch and a terminal both read well.</summary>
public sealed class ConsoleLogSink(TimeProvider time, string minimumLevel = "info") : ILogSink
{
    private readonly int _minimum = Rank(minimumLevel);

    public void Info(string message) => Write("info", message);

    public void Warn(string message) => Write("warn", message);

    public void Error(string message) => Write("error", message);

    private void Write(string level, string message)
    {
        if (Rank(level) < _minimum)
        {
            return;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", time.GetUtcNow());
            json.WriteString("level", level);
            json.WriteString("message", message);
            json.WriteEndObject();
        }

        Console.Error.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private static int Rank(string level) => level.ToLowerInvariant() switch
    {
        "debug" or "trace" => 0,
        "info" or "information" => 1,
        "warn" or "warning" => 2,
        "error" => 3,
        "none" or "off" => 4,
        _ => 1,
    };
}
