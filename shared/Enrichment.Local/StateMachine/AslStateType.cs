namespace Enrichment.Local.StateMachine;

public enum AslStateType
{
    Task,
    Pass,
    Wait,
    Choice,
    Succeed,
    Fail,
}
