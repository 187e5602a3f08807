namespace Enrichment.Core.Costs;

/// <summary>
/// What one call of a port costs in AWS's billing units, read off the AWS adapters' requests
/// (shared/Enrichment.Aws). The counting ports count calls; these turn them into units, so the
/// DynamoDB and multipart figures are derived from counted calls, not read from AWS's answers.
/// The estimate uses the same numbers.
/// </summary>
public static class RequestUnits
{
    /// <summary>The job item is 1-2 KB (columns, providers, owner): a conditional PutItem of it.</summary>
    public const int JobWriteUnits = 2;

    /// <summary>A strongly consistent GetItem of an item under 4 KB.</summary>
    public const int ItemReadUnits = 1;

    /// <summary>A commit: two consistent GetItems, then a transaction of a condition check, the batch item and a counter shard (2 units per KB each).</summary>
    public const int CommitReadUnits = 2;

    public const int CommitWriteUnits = 8;

    /// <summary>Progress: sixteen counter shards by GetItem plus the old-layout query.</summary>
    public const int ProgressReadUnits = 17;

    /// <summary>Batch items read per read unit in a query (about 200 bytes each, 4 KB a unit).</summary>
    public const int BatchItemsPerReadUnit = 20;

    /// <summary>An idempotency claim or release: one conditional write of a small item.</summary>
    public const int ClaimWriteUnits = 1;

    /// <summary>The webhook outcome: an UpdateItem of the job item.</summary>
    public const int WebhookWriteUnits = 2;

    /// <summary>An answer-cache item (an answer of up to 32 KB; most are well under 1 KB).</summary>
    public const int AnswerWriteUnits = 1;

    public const int AnswerReadUnits = 1;

    /// <summary>The S3 adapter's multipart part size (S3ObjectStore.DefaultPartSize); an object that fits one part is one PutObject.</summary>
    public const long MultipartPartBytes = 8L * 1024 * 1024;

    /// <summary>SQS bills each 64 KiB chunk of a request's payload as one request.</summary>
    public const long SqsChunkBytes = 64 * 1024;

    /// <summary>SendMessageBatch takes at most ten messages.</summary>
    public const int SqsBatchMessages = 10;

    /// <summary>S3 requests of the PUT tier for a streamed object of <paramref name="bytes"/>: one PutObject, or initiate, parts and complete.</summary>
    public static long UploadRequests(long bytes) => bytes <= MultipartPartBytes ? 1 : 2 + ((bytes + MultipartPartBytes - 1) / MultipartPartBytes);

    /// <summary>
    /// SQS requests billed for sending bodies of these sizes, as the SQS adapter sends them: ten to a
    /// SendMessageBatch, each request's bodies billed by <see cref="SqsRequests"/>.
    /// </summary>
    public static long SqsSendRequests(IReadOnlyList<int> bodyBytes)
    {
        ArgumentNullException.ThrowIfNull(bodyBytes);
        long requests = 0;
        for (var start = 0; start < bodyBytes.Count; start += SqsBatchMessages)
        {
            long bytes = 0;
            for (var i = start; i < Math.Min(bodyBytes.Count, start + SqsBatchMessages); i++)
            {
                bytes += bodyBytes[i];
            }

            requests += SqsRequests(bytes);
        }

        return requests;
    }

    /// <summary>SQS requests billed for one SendMessageBatch carrying <paramref name="payloadBytes"/> in all.</summary>
    public static long SqsRequests(long payloadBytes) => Math.Max(1, (payloadBytes + SqsChunkBytes - 1) / SqsChunkBytes);
}
