namespace Enrichment.Core.Costs;

/// <summary>
/// The requests one piece of work makes (a split, a batch, an aggregation), added up by the counting
/// ports (Costs/Counting) while the work's <see cref="Begin"/> scope is current. The ambient
/// tally flows with the work's async calls, so concurrent batches in one process keep apart.
/// Outside a scope the counting ports count nothing.
/// </summary>
public sealed class UsageTally
{
    private static readonly AsyncLocal<UsageTally?> Ambient = new();

    private readonly Lock _gate = new();
    private readonly TimeProvider? _time;
    private readonly DateTimeOffset _started;
    private readonly int _memoryMb;
    private AwsUsage _total = new();

    private UsageTally(TimeProvider? time, int memoryMb)
    {
        _time = time;
        _started = time?.GetUtcNow() ?? default;
        _memoryMb = memoryMb;
    }

    /// <summary>The tally of the work now running, if any.</summary>
    public static UsageTally? Current => Ambient.Value;

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
    /// The Lambda duration of the work so far, measured on the injected clock since <see cref="Begin"/>
    /// and priced at the function's memory (none without a clock).
    /// </summary>
    public AwsUsage Measured() => _time is null
        ? new AwsUsage()
        : new AwsUsage { LambdaMbMilliseconds = UsageEstimate.Ms(_memoryMb, Math.Max(0, (_time.GetUtcNow() - _started).TotalMilliseconds)) };

    /// <summary>Makes a new tally current until the scope is disposed (which restores the one before).</summary>
    /// <param name="time">Measures the work's duration; null counts requests only.</param>
    /// <param name="memoryMb">The memory of the function doing the work, which prices its duration.</param>
    public static Scope Begin(TimeProvider? time = null, int memoryMb = 0)
    {
        var tally = new UsageTally(time, memoryMb);
        var previous = Ambient.Value;
        Ambient.Value = tally;
        return new Scope(tally, previous);
    }

    /// <summary>Adds to the current tally, if there is one.</summary>
    public static void Count(AwsUsage usage)
    {
        Ambient.Value?.Add(usage);
    }

    public void Add(AwsUsage usage)
    {
        lock (_gate)
        {
            _total += usage;
        }
    }

    public readonly struct Scope(UsageTally tally, UsageTally? previous) : IDisposable
    {
        public UsageTally Tally => tally;

        public void Dispose() => Ambient.Value = previous;
    }
}
