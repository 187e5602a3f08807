using Amazon.DynamoDBv2.Model;
using Enrichment.Core.Jobs;
using static Enrichment.Aws.DynamoDb.AttributeValues;

namespace Enrichment.Aws.DynamoDb;

/// <summary>Maps a <see cref="JobRecord"/> to and from its META item.</summary>
internal static class JobItemMapper
{
    public const string State = "state";
    public const string Attempt = "attempt";

    public static Dictionary<string, AttributeValue> ToItem(JobRecord job)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            [ControlTableKeys.PartitionKey] = S(ControlTableKeys.Job(job.JobId)),
            [ControlTableKeys.SortKey] = S(ControlTableKeys.MetaSortKey),
            [ControlTableKeys.ExpiresAt] = Epoch(job.ExpiresAt),
            ["jobId"] = S(job.JobId),
            [State] = S(job.State.ToWire()),
            ["createdAt"] = Time(job.CreatedAt),
            ["updatedAt"] = Time(job.UpdatedAt),
            ["expiresAtTime"] = Time(job.ExpiresAt),
            ["inputFormat"] = S(job.InputFormat),
            ["outputFormat"] = S(job.OutputFormat),
            ["columns"] = List(job.Columns),
            ["providers"] = List(job.Providers),
            ["totalRecords"] = N(job.TotalRecords),
            ["totalBatches"] = N(job.TotalBatches),
            [Attempt] = N(job.Attempt),
            ["retriedBatches"] = N(job.RetriedBatches),
        };
        AddOptional(item, "owner", job.Owner);
        AddOptional(item, "idempotencyKey", job.IdempotencyKey);
        AddOptional(item, "requestHash", job.RequestHash);
        AddOptional(item, "inputName", job.InputName);
        AddOptional(item, "inputSheet", job.InputSheet);
        AddOptional(item, "inputKey", job.InputKey);
        AddOptional(item, "outputKey", job.OutputKey);
        AddOptional(item, "summaryKey", job.SummaryKey);
        AddOptional(item, "error", job.Error);
        if (job.FinishedAt is { } finishedAt)
        {
            item["finishedAt"] = Time(finishedAt);
        }

        return item;
    }

    public static JobRecord FromItem(Dictionary<string, AttributeValue> item) => new()
    {
        JobId = item.RequireString("jobId"),
        State = JobStates.Parse(item.RequireString(State)),
        CreatedAt = item.GetTime("createdAt") ?? throw new InvalidDataException("job item lacks createdAt"),
        UpdatedAt = item.GetTime("updatedAt") ?? throw new InvalidDataException("job item lacks updatedAt"),
        ExpiresAt = item.GetTime("expiresAtTime") ?? DateTimeOffset.FromUnixTimeSeconds(item.GetLong(ControlTableKeys.ExpiresAt)),
        InputFormat = item.RequireString("inputFormat"),
        OutputFormat = item.RequireString("outputFormat"),
        Columns = item.GetList("columns"),
        Providers = item.GetList("providers"),
        TotalRecords = item.GetLong("totalRecords"),
        TotalBatches = checked((int)item.GetLong("totalBatches")),
        Attempt = checked((int)item.GetLong(Attempt)),
        RetriedBatches = checked((int)item.GetLong("retriedBatches")),
        Owner = item.GetString("owner"),
        IdempotencyKey = item.GetString("idempotencyKey"),
        RequestHash = item.GetString("requestHash"),
        InputName = item.GetString("inputName"),
        InputSheet = item.GetString("inputSheet"),
        InputKey = item.GetString("inputKey"),
        OutputKey = item.GetString("outputKey"),
        SummaryKey = item.GetString("summaryKey"),
        Error = item.GetString("error"),
        FinishedAt = item.GetTime("finishedAt"),
    };

    private static void AddOptional(Dictionary<string, AttributeValue> item, string name, string? value)
    {
        if (value is not null)
        {
            item[name] = S(value);
        }
    }
}
