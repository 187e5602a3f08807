using Amazon.DynamoDBv2.Model;
using static Enrichment.Aws.DynamoDb.AttributeValues;

namespace Enrichment.Aws.DynamoDb;

/// <summary>Maps a <see cref="BatchEntry"/> to and from its BATCH# item.</summary>
internal static class BatchItemMapper
{
    public const string Status = "status";
    public const string Attempt = "attempt";
    private const string StatusDone = "done";
    private const string StatusFailed = "failed";

    public static Dictionary<string, AttributeValue> ToItem(string jobId, BatchEntry entry, DateTimeOffset expiresAt)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            [ControlTableKeys.PartitionKey] = S(ControlTableKeys.Job(jobId)),
            [ControlTableKeys.SortKey] = S(ControlTableKeys.Batch(entry.BatchIndex)),
            [ControlTableKeys.ExpiresAt] = Epoch(expiresAt),
            ["batchIndex"] = N(entry.BatchIndex),
            [Status] = S(entry.Status == BatchStatus.Done ? StatusDone : StatusFailed),
            ["records"] = N(entry.Records),
            ["ok"] = N(entry.Ok),
            ["invalid"] = N(entry.Invalid),
            ["error"] = N(entry.Error),
            [Attempt] = N(entry.Attempt),
            ["updatedAt"] = Time(entry.UpdatedAt),
        };
        if (entry.Reason is { } reason)
        {
            item["reason"] = S(reason);
        }

        if (entry.PartId is { } partId)
        {
            item["partId"] = S(partId);
        }

        return item;
    }

    public static BatchEntry FromItem(Dictionary<string, AttributeValue> item) => new(
        checked((int)item.GetLong("batchIndex")),
        item.GetString(Status) == StatusDone ? BatchStatus.Done : BatchStatus.Failed,
        checked((int)item.GetLong("records")),
        item.GetString("reason"),
        item.GetTime("updatedAt") ?? DateTimeOffset.MinValue,
        checked((int)item.GetLong("ok")),
        checked((int)item.GetLong("invalid")),
        checked((int)item.GetLong("error")),
        checked((int)item.GetLong(Attempt)),
        item.GetString("partId"));
}
