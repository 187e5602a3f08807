namespace Enrichment.Core.Jobs;

/// <summary>A batch item of the control table, as listed for a job.</summary>
/// <param name="Attempt">The attempt of the result last counted for this batch.</param>
/// <param name="PartId">
/// Which written part holds the batch's rows (see <see cref="JobKeys.Part(string, int, string?)"/>); null for a
/// failed batch that was never done, and for batches committed before parts carried an id.
/// </param>
public sealed record BatchEntry(
    int BatchIndex,
    BatchStatus Status,
    int Records,
    string? Reason,
    DateTimeOffset UpdatedAt,
    int Ok = 0,
    int Invalid = 0,
    int Error = 0,
    int Attempt = 0,
    string? PartId = null);
