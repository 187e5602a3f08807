namespace Enrichment.Core.Workflow;

/// <summary>
/// Bounds of one poller execution. A poll is 9 history events (Wait, Task, Choice entered and
/// exited, the task scheduled, started, succeeded); 1,000 polls are 9,000 events, leaving room in
/// Step Functions' 25,000-event history for every task retry (3 events each) the polls may need.
/// At the steady 20 s wait, 1,000 polls take about 5.6 hours, well inside the 24 h execution timeout.
/// </summary>
public static class PollerLimits
{
    public const int MaxPollsPerExecution = 1000;
}
