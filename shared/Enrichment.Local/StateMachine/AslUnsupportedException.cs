namespace Enrichment.Local.StateMachine;

/// <summary>Thrown at load time for a definition the local runner cannot run faithfully (Map, Parallel, intrinsic functions, unknown fields...).</summary>
public sealed class AslUnsupportedException : Exception
{
    public AslUnsupportedException(string message)
        : base(message)
    {
    }

    public AslUnsupportedException()
    {
    }

    public AslUnsupportedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
