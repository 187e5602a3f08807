namespace Enrichment.Local.Workflow;

public enum LocalExecutionStatus
{
    Running,
    Succeeded,
    Failed,
    TimedOut,
}
