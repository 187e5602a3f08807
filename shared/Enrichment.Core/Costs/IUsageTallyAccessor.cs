namespace Enrichment.Core.Costs;

/// <summary>
/// The tally of the work now running (a split, a batch, an aggregation), as IHttpContextAccessor is
/// the request's: whoever begins a piece of work begins its tally here, and the counting ports
/// (Costs/Counting) add to whichever tally is current. One singleton per container.
/// </summary>
public interface IUsageTallyAccessor
{
    /// <summary>The tally of the work now running in this async flow, if any.</summary>
    UsageTally? Current { get; }

    /// <summary>Makes a new tally current in this async flow until the scope is disposed (which restores the one before).</summary>
    /// <param name="time">Measures the work's duration; null counts requests only.</param>
    /// <param name="memoryMb">The memory of the function doing the work, which prices its duration.</param>
    UsageScope Begin(TimeProvider? time = null, int memoryMb = 0);

    /// <summary>Adds to the current tally, if there is one; outside a scope nothing is counted.</summary>
    void Count(AwsUsage usage);
}
