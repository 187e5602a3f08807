using System.Diagnostics;
using System.Globalization;
using Enrichment.Core.Services;

namespace Enrichment.AwsBench;

/// <summary>
/// `--tracker N`: the aggregate's one structure that grows with the job, <see cref="DuplicateTracker"/>,
/// fed N distinct emails and N distinct phones (the worst case: no duplicates), with the managed heap
/// and the process's peak resident memory after it.
/// </summary>
public static class TrackerMeasure
{
    public static async Task<int> RunAsync(int rows, TextWriter output)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var started = Stopwatch.StartNew();
        var tracker = new DuplicateTracker();
        for (var i = 0; i < rows; i++)
        {
            tracker.Observe(string.Create(CultureInfo.InvariantCulture, $"person{i}@example.com"), i + 1);
            tracker.ObservePhone(string.Create(CultureInfo.InvariantCulture, $"+1415{i:D7}"), i + 1);
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(tracker);
        var peak = File.ReadLines("/proc/self/status").First(line => line.StartsWith("VmHWM:", StringComparison.Ordinal));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"duplicate tracker, {rows:N0} distinct emails and {rows:N0} distinct phones: managed heap +{(after - before) / 1048576.0:N0} MB, process {peak.Replace("VmHWM:", "peak", StringComparison.Ordinal).Trim()}, {started.Elapsed.TotalSeconds:N1} s, {tracker.Duplicates} duplicates"));
        return 0;
    }
}
