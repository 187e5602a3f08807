using Amazon.DynamoDBv2.Model;
using static Enrichment.Aws.DynamoDb.AttributeValues;

namespace Enrichment.Aws.DynamoDb;

/// <summary>Maps a <see cref="JobRecord"/> to and from its META item.</summary>
internal static class JobItemMapper
{
    public const string State = "state";
    public const string Attempt = "attempt";
    private const string CallbackUrl = "callbackUrl";
    private const string WebhookSecret = "webhookSecret";
    private const string StatusUrl = "statusUrl";
    private const string WebhookOutcome = "webhookOutcome";
    private const string Usage = "usage";
    private const string DryRun = "dryRun";
    private const string Estimate = "estimate";

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
        if (job.EnrichmentColumns is { } enrichmentColumns)
        {
            item["enrichmentColumns"] = List(enrichmentColumns);
        }

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

        if (job.Webhook is { } webhook)
        {
            item[CallbackUrl] = S(webhook.Url);
            item[WebhookSecret] = S(webhook.Secret);
            item[StatusUrl] = S(webhook.StatusUrl);
        }

        if (job.Usage is { Count: > 0 } usage)
        {
            item[Usage] = new AttributeValue { M = usage.ToDictionary(static u => u.Key, static u => N(u.Value)) };
        }

        if (job.DryRun)
        {
            item[DryRun] = new AttributeValue { BOOL = true };
        }

        if (job.Estimate is { } estimate)
        {
            item[Estimate] = S(JsonSerializer.Serialize(estimate, EnrichmentJsonContext.Default.JobEstimate));
        }

        if (job.WebhookDelivery is { } delivery)
        {
            foreach (var (name, value) in DeliveryAttributes(delivery))
            {
                item[name] = value;
            }
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
        EnrichmentColumns = item.ContainsKey("enrichmentColumns") ? item.GetList("enrichmentColumns") : null,
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
        Webhook = item.GetString(CallbackUrl) is { } url
            ? new WebhookTarget(url, item.RequireString(WebhookSecret), item.RequireString(StatusUrl))
            : null,
        WebhookDelivery = item.GetString(WebhookOutcome) is { } outcome
            ? new WebhookDelivery(
                outcome,
                checked((int)item.GetLong("webhookAttempts")),
                item.TryGetValue("webhookStatusCode", out var code) && code.N is not null ? checked((int)item.GetLong("webhookStatusCode")) : null,
                item.GetTime("webhookDeliveredAt"),
                checked((int)item.GetLong("webhookJobAttempt")))
            : null,
        Usage = item.TryGetValue(Usage, out var usage) && usage.M is { Count: > 0 } counters
            ? counters.ToDictionary(static c => c.Key, static c => long.Parse(c.Value.N, CultureInfo.InvariantCulture), StringComparer.Ordinal)
            : null,
        DryRun = item.TryGetValue(DryRun, out var dryRun) && dryRun.BOOL == true,
        Estimate = item.GetString(Estimate) is { } estimate ? JsonSerializer.Deserialize(estimate, EnrichmentJsonContext.Default.JobEstimate) : null,
    };

    /// <summary>
    /// The delivery's attributes, all of them: a value absent here is written as NULL, so an update
    /// that sets these replaces an earlier delivery whole.
    /// </summary>
    public static Dictionary<string, AttributeValue> DeliveryAttributes(WebhookDelivery delivery) => new()
    {
        [WebhookOutcome] = S(delivery.Outcome),
        ["webhookAttempts"] = N(delivery.Attempts),
        ["webhookStatusCode"] = delivery.LastStatusCode is { } code ? N(code) : new AttributeValue { NULL = true },
        ["webhookDeliveredAt"] = delivery.DeliveredAt is { } at ? Time(at) : new AttributeValue { NULL = true },
        ["webhookJobAttempt"] = N(delivery.JobAttempt),
    };

    private static void AddOptional(Dictionary<string, AttributeValue> item, string name, string? value)
    {
        if (value is not null)
        {
            item[name] = S(value);
        }
    }
}
