namespace Enrichment.Core.Costs;

/// <summary>
/// The requests one piece of work makes (a split, a batch, an aggregation), added up by the counting
/// ports (Costs/Counting) while it is current (<see cref="IUsageTallyAccessor.Begin"/>), and the
/// work's duration on the injected clock.
/// </summary>
public sealed class UsageTally
{
    private readonly Lock _gate = new();
    private readonly TimeProvider? _time;
    private readonly DateTimeOffset _started;
    private readonly int _memoryMb;
    private AwsUsage _total = new();

    internal UsageTally(TimeProvider? time, int memoryMb)
    {
        _time = time;
        _started = time?.GetUtcNow() ?? default;
        _memoryMb = memoryMb;
    }

    public AwsUsage Total
    {
        get
        {
            lock (_gate)
            {
                return _total;
            }
        }
    }

    /// <summary>
    /// The Lambda duration of the work so far, measured on the injected clock since it began and
    /// priced at the function's memory (none without a clock).
    /// </summary>
    public AwsUsage Measured() => _time is null
        ? new AwsUsage()
        : new AwsUsage { LambdaMbMilliseconds = UsageEstimate.Ms(_memoryMb, Math.Max(0, (_time.GetUtcNow() - _started).TotalMilliseconds)) };

    public void Add(AwsUsage usage)
    {
        lock (_gate)
        {
            _total += usage;
        }
    }
}
