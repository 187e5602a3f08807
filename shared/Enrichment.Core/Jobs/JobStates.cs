namespace Enrichment.Core.Jobs;

public static class JobStates
{
    public static string ToWire(this JobState state) => state switch
    {
        JobState.Accepted => "accepted",
        JobState.Processing => "processing",
        JobState.Aggregating => "aggregating",
        JobState.Completed => "completed",
        JobState.CompletedWithErrors => "completed_with_errors",
        JobState.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static JobState Parse(string wire) => wire switch
    {
        "accepted" => JobState.Accepted,
        "processing" => JobState.Processing,
        "aggregating" => JobState.Aggregating,
        "completed" => JobState.Completed,
        "completed_with_errors" => JobState.CompletedWithErrors,
        "failed" => JobState.Failed,
        _ => throw new FormatException($"unknown job state '{wire}'"),
    };

    public static bool IsFinished(this JobState state) =>
        state is JobState.Completed or JobState.CompletedWithErrors or JobState.Failed;
}
