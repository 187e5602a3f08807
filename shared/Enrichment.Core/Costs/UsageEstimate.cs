namespace Enrichment.Core.Costs;

/// <summary>
/// The AWS usage a job of a given shape is expected to have: the requests each step makes, as the
/// services and adapters make them (the same <see cref="RequestUnits"/> the counting ports use),
/// and durations from <see cref="CostOptions"/>' estimates. Pure.
/// </summary>
public static class UsageEstimate
{
    /// <summary>Queue messages Lambda's event source mapping hands one worker invocation (Terraform's <c>worker_batch_size</c>).</summary>
    public const int WorkerBatchSize = 5;

    /// <summary>A batch message's envelope around its rows (job id, attempt, index, property names).</summary>
    public const int MessageEnvelopeBytes = 120;

    /// <summary>A batch message's range of the kept list, in place of its rows (<see cref="Batching.InputRange"/>), about.</summary>
    public const int RangeBytes = 90;

    /// <summary>Bytes an enrichment column adds to a record in a part and in the output (value and separator), on average.</summary>
    public const int BytesPerEnrichmentValue = 12;

    /// <summary>summary.json, about.</summary>
    public const int SummaryBytes = 4 * 1024;

    /// <summary>State transitions of one completion check (Wait, CheckCompletion, IsComplete), and of the end (Aggregate, Notify, Done).</summary>
    public const int TransitionsPerCheck = 3;

    public const int FinalTransitions = 3;

    public static AwsUsage For(JobShape shape, CostOptions options)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(options);
        var thousands = shape.Records / 1000.0;
        var workerInvocations = (shape.Batches + WorkerBatchSize - 1) / WorkerBatchSize;
        var checks = options.EstimatedChecks;
        var enrichBytes = shape.Records * shape.EnrichmentColumns * BytesPerEnrichmentValue;
        var partBytes = shape.MessageBytes + enrichBytes;
        var outputBytes = shape.ListBytes + enrichBytes;
        var messageBytes = (shape.RangedBatches ? (long)shape.Batches * RangeBytes : shape.MessageBytes) + ((long)shape.Batches * MessageEnvelopeBytes);
        var claimChecks = shape.RangedBatches ? 0 : shape.Oversized;

        var api = new AwsUsage
        {
            ApiRequests = 1,
            LambdaRequests = 1,
            LambdaMbMilliseconds = options.Api.EstimatedMbMilliseconds(1, thousands),
            SqsRequests = shape.SqsSendRequests,
            DynamoDbWriteUnits = 2 * RequestUnits.JobWriteUnits,
            S3PutRequests = RequestUnits.UploadRequests(shape.ListBytes) + claimChecks,
            S3StoredBytes = shape.ListBytes,
        };
        var workers = new AwsUsage
        {
            LambdaRequests = workerInvocations,
            LambdaMbMilliseconds = options.Worker.EstimatedMbMilliseconds(shape.Batches, thousands),

            // Lambda's poller receives the messages (each 64 KiB of them a request) and deletes them, a batch per invocation.
            SqsRequests = RequestUnits.SqsRequests(messageBytes) + workerInvocations,
            DynamoDbReadUnits = (shape.Batches * (RequestUnits.ItemReadUnits + RequestUnits.CommitReadUnits)) + shape.CacheReads,
            DynamoDbWriteUnits = (shape.Batches * RequestUnits.CommitWriteUnits) + shape.CacheWrites,
            S3PutRequests = shape.Batches,
            // A claim check's payload, or each batch's range of the kept list.
            S3GetRequests = shape.RangedBatches ? shape.Batches : claimChecks,
            S3StoredBytes = partBytes,
        };
        var poller = new AwsUsage
        {
            LambdaRequests = checks + 2,
            LambdaMbMilliseconds = options.CheckCompletion.EstimatedMbMilliseconds(checks)
                + options.Aggregate.EstimatedMbMilliseconds(1, thousands)
                + options.Webhook.EstimatedMbMilliseconds(1),
            DynamoDbReadUnits = (checks * (RequestUnits.ItemReadUnits + RequestUnits.ProgressReadUnits))
                + RequestUnits.ItemReadUnits + (2 * ListUnits(shape.Batches)) + RequestUnits.ProgressReadUnits
                + RequestUnits.ItemReadUnits,
            DynamoDbWriteUnits = 2 * RequestUnits.JobWriteUnits,
            S3PutRequests = RequestUnits.UploadRequests(outputBytes) + 1,

            // The parts, and the caller's one download of the output.
            S3GetRequests = shape.Batches + 1,
            S3StoredBytes = outputBytes + SummaryBytes,
            StepFunctionsTransitions = (checks * TransitionsPerCheck) + FinalTransitions,
        };
        return api + workers + poller;
    }

    /// <summary>Memory times milliseconds, as <see cref="AwsUsage.LambdaMbMilliseconds"/> keeps it.</summary>
    public static long Ms(int memoryMb, double milliseconds) => (long)Math.Ceiling(memoryMb * milliseconds);

    private static long ListUnits(int batches) => (batches + RequestUnits.BatchItemsPerReadUnit - 1) / RequestUnits.BatchItemsPerReadUnit;
}
