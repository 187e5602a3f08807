namespace Enrichment.Core.Jobs;

/// <summary>
/// The one rule of who may see a job: its owner, and nobody else. A job of another caller is
/// answered exactly like a job that does not exist (never "forbidden"), so ids cannot be probed.
/// Jobs made before owners were recorded belong to nobody.
/// </summary>
public static class JobOwnership
{
    public static bool IsVisibleTo(this JobRecord job, string caller) =>
        job.Owner is { } owner && string.Equals(owner, caller, StringComparison.Ordinal);
}
