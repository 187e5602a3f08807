namespace Enrichment.Core.Jobs;

/// <summary>Where a job's objects live. Every key sits under a prefix the bucket lifecycle expires.</summary>
public static class JobKeys
{
    public const string UploadsPrefix = "uploads/";

    public static string JobPrefix(string jobId) => $"jobs/{jobId}/";

    public static string Upload(string jobId, string fileName) => $"{UploadsPrefix}{jobId}/{fileName}";

    /// <summary>An inline list, kept as it came so a batch can be planned again from it.</summary>
    public static string Input(string jobId) => $"jobs/{jobId}/input";

    public static string Payload(string jobId, int batchIndex) => $"jobs/{jobId}/payloads/{Index(batchIndex)}.json";

    public static string Failed(string jobId, int batchIndex) => $"jobs/{jobId}/failed/{Index(batchIndex)}.json";

    /// <summary>
    /// A batch's enriched rows. Every run of a batch writes its own part (<paramref name="partId"/>) and
    /// the committed batch item names the one that counts, so a late or duplicate run never rewrites
    /// the rows the job's counters and output stand on. A null id is the single part of batches
    /// committed before parts carried ids.
    /// </summary>
    public static string Part(string jobId, int batchIndex, string? partId) => partId is null
        ? $"jobs/{jobId}/parts/{Index(batchIndex)}.jsonl"
        : $"jobs/{jobId}/parts/{Index(batchIndex)}/{partId}.jsonl";

    /// <summary>A fresh part id for one run of a batch: its attempt (for people reading the bucket) and a random suffix.</summary>
    public static string NewPartId(int attempt) =>
        $"{attempt.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}";

    public static string Output(string jobId, int attempt, string outputFormat) =>
        $"jobs/{jobId}/output/{attempt.ToString(CultureInfo.InvariantCulture)}/enriched.{outputFormat}";

    public static string Summary(string jobId, int attempt) =>
        $"jobs/{jobId}/output/{attempt.ToString(CultureInfo.InvariantCulture)}/summary.json";

    /// <summary>The job id of an upload key (<c>uploads/{jobId}/{file}</c>), or null when the key is not one.</summary>
    public static string? JobIdOfUpload(string key)
    {
        if (!key.StartsWith(UploadsPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = key.AsSpan(UploadsPrefix.Length);
        var slash = rest.IndexOf('/');
        return slash <= 0 ? null : rest[..slash].ToString();
    }

    private static string Index(int batchIndex) => batchIndex.ToString("D6", CultureInfo.InvariantCulture);
}
