namespace Enrichment.Core.Workflow;

/// <summary>
/// Names of the poller's executions: one per job attempt and generation. A poller that has checked
/// as often as one execution's history allows continues as a new execution of the next generation;
/// a fixed name per generation keeps that start idempotent when Step Functions retries it.
/// </summary>
public static class PollerExecution
{
    public static string Name(string jobId, int attempt, int generation = 0) =>
        generation == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{jobId}-{attempt}")
            : string.Create(CultureInfo.InvariantCulture, $"{jobId}-{attempt}-c{generation}");
}
