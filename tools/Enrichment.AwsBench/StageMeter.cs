using System.Diagnostics;
using System.Globalization;

namespace Enrichment.AwsBench;

/// <summary>
/// What one stage cost this process: wall and CPU time, bytes allocated, peak resident memory (the
/// kernel's high-water mark, reset at the stage's start through /proc/self/clear_refs), and the AWS
/// requests the proxy saw meanwhile.
/// </summary>
public sealed class StageMeter
{
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly TimeSpan _cpu;
    private readonly long _allocated;
    private readonly double _startMegabytes;

    private StageMeter()
    {
        using var self = Process.GetCurrentProcess();
        _cpu = self.TotalProcessorTime;
        _allocated = GC.GetTotalAllocatedBytes(precise: false);
        _startMegabytes = ResidentMegabytes("VmRSS:");
    }

    public static async Task<StageMeter> StartAsync(ProxyProcess proxy, CancellationToken cancellationToken)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        // "5" resets the peak resident set size (VmHWM) to the current one (Linux 4.0 and later).
        await File.WriteAllTextAsync("/proc/self/clear_refs", "5", cancellationToken);
        await proxy.ResetAsync(cancellationToken);
        return new StageMeter();
    }

    public async Task<StageFigures> StopAsync(string stage, ProxyProcess proxy, CancellationToken cancellationToken)
    {
        var wall = _wall.Elapsed;
        using var self = Process.GetCurrentProcess();
        var cpu = self.TotalProcessorTime - _cpu;
        var allocated = GC.GetTotalAllocatedBytes(precise: false) - _allocated;
        var peak = ResidentMegabytes("VmHWM:");
        var counts = await proxy.CountsAsync(cancellationToken);
        return new StageFigures(stage, wall, cpu, allocated / 1048576.0, _startMegabytes, peak, counts);
    }

    private static double ResidentMegabytes(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var kilobytes = line[field.Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return double.NaN;
    }
}
