namespace Enrichment.Core.Ports;

/// <summary>
/// A job must fit one control-table item (DynamoDB refuses items over 400 KB): checked before the
/// write, on its JSON form, which is never smaller than the item's attributes.
/// </summary>
public static class JobItemLimit
{
    public const int MaxBytes = 256 * 1024;

    /// <summary>Why the job cannot be stored, as a message for the caller; null when it fits.</summary>
    public static string? Problem(JobRecord job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var size = JsonSerializer.SerializeToUtf8Bytes(job, EnrichmentJsonContext.Default.JobRecord).Length;
        return size <= MaxBytes
            ? null
            : $"the job's description (column names, providers, file name) takes {size / 1024:N0} KiB, over the limit of {MaxBytes / 1024} KiB: send fewer or shorter column names";
    }
}
