namespace Enrichment.Local.StateMachine;

/// <summary>An error no Catch took: it ends the execution as failed.</summary>
internal sealed class AslStateFailure(string error, string? cause) : Exception(cause ?? error)
{
    public string Error { get; } = error;

    public string? Cause { get; } = cause;
}
