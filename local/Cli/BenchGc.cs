namespace Enrichment.Local.Host.Cli;

/// <summary>
/// A run's garbage collections and allocations, and its thread-pool work items and lock contentions
/// (each a hand-off between threads): figures that do not move with the machine's load, so a change
/// can be judged by them while the wall clock is noisy.
/// </summary>
public sealed record BenchGc(int Gen0, int Gen1, int Gen2, double AllocatedMegabytes, double PauseSeconds, long WorkItems = 0, long LockContentions = 0)
{
    public static BenchGc ForThisProcess() => new(
        GC.CollectionCount(0),
        GC.CollectionCount(1),
        GC.CollectionCount(2),
        GC.GetTotalAllocatedBytes(precise: false) / (1024.0 * 1024.0),
        GC.GetTotalPauseDuration().TotalSeconds,
        ThreadPool.CompletedWorkItemCount,
        Monitor.LockContentionCount);
}
