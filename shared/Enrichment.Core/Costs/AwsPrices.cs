namespace Enrichment.Core.Costs;

/// <summary>
/// The one price table of the cost model: AWS list prices, region us-east-1 (US East, N. Virginia),
/// US dollars, on-demand, without free tiers, savings plans or volume tiers (the first tier of each
/// is taken). Recorded 2026-12-06 from the public pricing pages named on each line; prices change,
/// so an estimate is as good as this table. Every figure in an estimate or an actual cost is a
/// quantity times one of these.
/// </summary>
public static class AwsPrices
{
    public const string Region = "us-east-1";

    public const string RecordedOn = "2026-12-06";

    /// <summary>Shown beside every cost: where the prices come from.</summary>
    public const string Basis = "AWS list prices, us-east-1, on-demand, no free tier, recorded " + RecordedOn;

    // https://aws.amazon.com/lambda/pricing/ : requests $0.20 per 1M (both architectures).
    public const decimal LambdaRequest = 0.20m / 1_000_000m;

    // https://aws.amazon.com/lambda/pricing/ : duration, first 6 billion GB-s a month, x86_64.
    public const decimal LambdaGbSecondX86 = 0.0000166667m;

    // https://aws.amazon.com/lambda/pricing/ : duration, first 7.5 billion GB-s a month, arm64 (Graviton).
    public const decimal LambdaGbSecondArm64 = 0.0000133334m;

    // https://aws.amazon.com/sqs/pricing/ : standard queue, $0.40 per 1M requests (after the first 1M);
    // each 64 KiB chunk of a request's payload is billed as one request.
    public const decimal SqsRequest = 0.40m / 1_000_000m;

    // https://aws.amazon.com/dynamodb/pricing/on-demand/ : $0.625 per 1M write request units
    // (1 KB each; a transactional write is 2 per KB).
    public const decimal DynamoDbWriteUnit = 0.625m / 1_000_000m;

    // https://aws.amazon.com/dynamodb/pricing/on-demand/ : $0.125 per 1M read request units
    // (4 KB strongly consistent each; a transactional read is 2).
    public const decimal DynamoDbReadUnit = 0.125m / 1_000_000m;

    // https://aws.amazon.com/s3/pricing/ : S3 Standard PUT, COPY, POST, LIST: $0.005 per 1,000.
    public const decimal S3PutRequest = 0.005m / 1_000m;

    // https://aws.amazon.com/s3/pricing/ : S3 Standard GET, SELECT and all other requests: $0.0004 per 1,000.
    public const decimal S3GetRequest = 0.0004m / 1_000m;

    // https://aws.amazon.com/s3/pricing/ : S3 Standard storage, first 50 TB: $0.023 per GB-month.
    public const decimal S3GbMonth = 0.023m;

    // https://aws.amazon.com/step-functions/pricing/ : Standard workflows, $0.025 per 1,000 state transitions.
    public const decimal StepFunctionsTransition = 0.025m / 1_000m;

    // https://aws.amazon.com/api-gateway/pricing/ : HTTP APIs, first 300M requests a month, $1.00 per 1M.
    public const decimal HttpApiRequest = 1.00m / 1_000_000m;
}
