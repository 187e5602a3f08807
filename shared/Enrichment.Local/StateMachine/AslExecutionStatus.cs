namespace Enrichment.Local.StateMachine;

public enum AslExecutionStatus
{
    Succeeded,
    Failed,
    TimedOut,
}
