using Enrichment.Local.Queue;

namespace Enrichment.Local.StateMachine;

/// <summary>
/// Ends the pollers' pauses once the worker queue has no batch left to hand out: a job may have
/// just finished, and its poller would otherwise sleep out its wait with the machine idle before the
/// aggregate (issue 13: up to 250 ms at the end of every local job). A poller woken too early only
/// checks once more; a wake-up that comes between two of its checks ends its next pause (see
/// <see cref="AslWaitScheduler.Wake"/>). Local only: on AWS the Step Functions poller keeps its waits.
/// </summary>
public sealed class PollerWakeUp(LocalQueue queue, AslWaitScheduler waits, Func<IEnumerable<string>> runningExecutions)
{
    /// <summary>Called after a worker round's commits are durable (a check run after it sees them).</summary>
    public async Task AfterRoundAsync(CancellationToken cancellationToken)
    {
        if (await queue.HasVisibleAsync(cancellationToken))
        {
            return;
        }

        foreach (var execution in runningExecutions())
        {
            waits.Wake(execution);
        }
    }
}
