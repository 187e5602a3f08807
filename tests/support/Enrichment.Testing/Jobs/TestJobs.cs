using Enrichment.Core.Jobs;

namespace Enrichment.Testing.Jobs;

/// <summary>
/// A job item with every required field filled in, for tests that need one to exist; a test sets the
/// fields it looks at with <c>with</c>, so what it depends on is written where it is read.
/// </summary>
public static class TestJobs
{
    public static JobRecord Create(string jobId, JobState state, DateTimeOffset createdAt) => new()
    {
        JobId = jobId,
        State = state,
        CreatedAt = createdAt,
        UpdatedAt = createdAt,
        ExpiresAt = createdAt.AddDays(7),
        InputFormat = "csv",
        OutputFormat = "csv",
        Columns = ["email"],
        Providers = ["normalize"],
        TotalRecords = 1,
        TotalBatches = 1,
    };
}
