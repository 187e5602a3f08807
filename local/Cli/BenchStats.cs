using System.Globalization;
using System.Text.Json;

namespace Enrichment.Local.Host.Cli;

/// <summary>The figures one `enrich --stats-json` run prints for the benchmark, as one JSON line.</summary>
public sealed record BenchStats(
    long Records,
    double TotalSeconds,
    double UploadSeconds,
    double SplitSeconds,
    double ProcessSeconds,
    double DownloadSeconds,
    double PeakMegabytes)
{
    public string ToJson() => string.Create(CultureInfo.InvariantCulture,
        $"{{\"records\":{Records},\"totalSeconds\":{TotalSeconds:0.###},\"uploadSeconds\":{UploadSeconds:0.###},\"splitSeconds\":{SplitSeconds:0.###},\"processSeconds\":{ProcessSeconds:0.###},\"downloadSeconds\":{DownloadSeconds:0.###},\"peakMegabytes\":{PeakMegabytes:0.#}}}");

    public static BenchStats Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new BenchStats(
            root.GetProperty("records").GetInt64(),
            root.GetProperty("totalSeconds").GetDouble(),
            root.GetProperty("uploadSeconds").GetDouble(),
            root.GetProperty("splitSeconds").GetDouble(),
            root.GetProperty("processSeconds").GetDouble(),
            root.GetProperty("downloadSeconds").GetDouble(),
            root.GetProperty("peakMegabytes").GetDouble());
    }

    /// <summary>Peak resident memory of this process (VmHWM), in MB; 0 where /proc is not there.</summary>
    public static double PeakResidentMegabytes()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
        {
            return Environment.WorkingSet / (1024.0 * 1024.0);
        }

        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        var kilobytes = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return kilobytes is null ? 0 : double.Parse(kilobytes, CultureInfo.InvariantCulture) / 1024.0;
    }
}
