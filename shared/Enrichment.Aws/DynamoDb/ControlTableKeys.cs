using System.Security.Cryptography;

namespace Enrichment.Aws.DynamoDb;

/// <summary>Key layout of the single control table (string pk/sk).</summary>
internal static class ControlTableKeys
{
    public const string PartitionKey = "pk";
    public const string SortKey = "sk";
    public const string ExpiresAt = "expiresAt";

    public const string MetaSortKey = "META";
    public const string BatchPrefix = "BATCH#";
    public const string CounterPrefix = "COUNTER#";
    public const string IdempotencySortKey = "IDEMPOTENCY";

    public static string Job(string jobId) => "JOB#" + jobId;

    public static string Batch(int batchIndex) => BatchPrefix + batchIndex.ToString("D6", CultureInfo.InvariantCulture);

    public static string Counter(int shard) => CounterPrefix + shard.ToString("D2", CultureInfo.InvariantCulture);

    /// <summary>
    /// A counter shard's partition key: each shard is its own partition key, so a job's commits spread
    /// over 16 keys instead of landing on the job's one (DynamoDB serves 1,000 WCU/s per key).
    /// </summary>
    public static string CounterPartition(string jobId, int shard) => Job(jobId) + "#" + Counter(shard);

    /// <summary>
    /// Idempotency keys come from clients: hashed so any length or character fits the 2 KB key limit
    /// and nothing the client typed is stored as a key.
    /// </summary>
    public static string Idempotency(string key) =>
        "IDEMPOTENCY#" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
