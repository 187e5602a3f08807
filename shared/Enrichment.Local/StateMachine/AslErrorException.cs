namespace Enrichment.Local.StateMachine;

/// <summary>
/// A named ASL error. Task delegates throw it to fail with a chosen error name (as a Lambda's
/// errorType); any other exception is named by its type's simple name.
/// </summary>
public sealed class AslErrorException : Exception
{
    public AslErrorException(string error, string? cause)
        : base(cause ?? error)
    {
        Error = error;
        Cause = cause;
    }

    public AslErrorException()
        : this("States.Runtime", (string?)null)
    {
    }

    public AslErrorException(string message)
        : this("States.Runtime", message)
    {
    }

    public AslErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = "States.Runtime";
        Cause = message;
    }

    public string Error { get; }

    public string? Cause { get; }
}
