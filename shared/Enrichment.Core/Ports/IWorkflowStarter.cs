namespace Enrichment.Core.Ports;

/// <summary>Starts the completion poller (a Step Functions execution) for a job.</summary>
public interface IWorkflowStarter
{
    /// <summary>
    /// Starts an execution named <paramref name="executionName"/>. Starting a name that is already
    /// running with the same input is a no-op, so a repeated split never polls twice.
    /// </summary>
    Task StartAsync(string executionName, PollerInput input, CancellationToken cancellationToken);
}
