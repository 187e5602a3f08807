namespace Enrichment.Local.StateMachine;

/// <summary>How the runner pauses (Wait states and Retry intervals); a host can shorten or end pauses early.</summary>
public interface IAslWaitScheduler
{
    /// <summary>Pauses <paramref name="executionName"/> for at most <paramref name="duration"/>.</summary>
    Task WaitAsync(string executionName, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Told that <paramref name="executionName"/> has ended and will not pause again (a scheduler drops what it kept for it).</summary>
    void Forget(string executionName)
    {
    }
}
