namespace Enrichment.Local.StateMachine;

/// <summary>ASL's predefined error names and how Retry/Catch match them.</summary>
public static class AslErrors
{
    public const string All = "States.ALL";
    public const string TaskFailed = "States.TaskFailed";
    public const string Timeout = "States.Timeout";
    public const string Runtime = "States.Runtime";

    /// <summary>
    /// States.ALL matches everything but States.Runtime; States.TaskFailed matches everything but
    /// States.Timeout (and States.Runtime), as the service does.
    /// </summary>
    public static bool Matches(IReadOnlyList<string> errorEquals, string error)
    {
        if (error == Runtime)
        {
            return false;
        }

        foreach (var name in errorEquals)
        {
            if (name == error || name == All || (name == TaskFailed && error != Timeout))
            {
                return true;
            }
        }

        return false;
    }
}
