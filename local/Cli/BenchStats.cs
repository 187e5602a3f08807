using System.Diagnostics;

namespace Enrichment.Local.Host.Cli;

/// <summary>The figures one measured run (`enrich --stats-json`, or the baseline) prints for the benchmark, as one JSON line.</summary>
public sealed record BenchStats(
    long Records,
    double TotalSeconds,
    double UserSeconds,
    double SystemSeconds,
    double PeakMegabytes,
    BenchStages? Stages,
    BenchGc? Gc = null)
{
    /// <summary>This process's CPU times and peak memory, read as the run ends.</summary>
    public static BenchStats ForThisProcess(long records, double totalSeconds, BenchStages? stages)
    {
        using var self = Process.GetCurrentProcess();
        return new BenchStats(records, totalSeconds, self.UserProcessorTime.TotalSeconds, self.PrivilegedProcessorTime.TotalSeconds, PeakResidentMegabytes(), stages, BenchGc.ForThisProcess());
    }

    public string ToJson()
    {
        var stages = Stages is { } s
            ? string.Create(CultureInfo.InvariantCulture, $",\"uploadSeconds\":{s.UploadSeconds:0.###},\"splitSeconds\":{s.SplitSeconds:0.###},\"processSeconds\":{s.ProcessSeconds:0.###},\"downloadSeconds\":{s.DownloadSeconds:0.###}")
            : string.Empty;
        var gc = Gc is { } g
            ? string.Create(CultureInfo.InvariantCulture, $",\"gen0\":{g.Gen0},\"gen1\":{g.Gen1},\"gen2\":{g.Gen2},\"allocatedMegabytes\":{g.AllocatedMegabytes:0.#},\"gcPauseSeconds\":{g.PauseSeconds:0.###},\"workItems\":{g.WorkItems},\"lockContentions\":{g.LockContentions}")
            : string.Empty;
        return string.Create(CultureInfo.InvariantCulture,
            $"{{\"records\":{Records},\"totalSeconds\":{TotalSeconds:0.###},\"userSeconds\":{UserSeconds:0.###},\"systemSeconds\":{SystemSeconds:0.###},\"peakMegabytes\":{PeakMegabytes:0.#}{stages}{gc}}}");
    }

    public static BenchStats Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var stages = root.TryGetProperty("splitSeconds", out _)
            ? new BenchStages(
                root.GetProperty("uploadSeconds").GetDouble(),
                root.GetProperty("splitSeconds").GetDouble(),
                root.GetProperty("processSeconds").GetDouble(),
                root.GetProperty("downloadSeconds").GetDouble())
            : null;
        var gc = root.TryGetProperty("gen0", out _)
            ? new BenchGc(
                root.GetProperty("gen0").GetInt32(),
                root.GetProperty("gen1").GetInt32(),
                root.GetProperty("gen2").GetInt32(),
                root.GetProperty("allocatedMegabytes").GetDouble(),
                root.GetProperty("gcPauseSeconds").GetDouble(),
                root.TryGetProperty("workItems", out var workItems) ? workItems.GetInt64() : 0,
                root.TryGetProperty("lockContentions", out var contentions) ? contentions.GetInt64() : 0)
            : null;
        return new BenchStats(
            root.GetProperty("records").GetInt64(),
            root.GetProperty("totalSeconds").GetDouble(),
            root.GetProperty("userSeconds").GetDouble(),
            root.GetProperty("systemSeconds").GetDouble(),
            root.GetProperty("peakMegabytes").GetDouble(),
            stages,
            gc);
    }

    /// <summary>Peak resident memory of this process (VmHWM), in MB; the working set where /proc is not there.</summary>
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
