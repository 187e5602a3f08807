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
    private AwsUsage _total = new();

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

    /// <summary>Makes a new tally current until the scope is disposed (which restores the one before).</summary>
    public static Scope Begin()
    {
        var tally = new UsageTally();
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
