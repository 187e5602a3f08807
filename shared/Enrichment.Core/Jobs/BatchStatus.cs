namespace Enrichment.Core.Jobs;

public enum BatchStatus
{
    Done,
    Failed,
}
