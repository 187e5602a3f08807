namespace Enrichment.Core.Costs;

/// <summary>
/// What a job uses of AWS, in the units AWS bills: the quantities the cost model prices. An
/// estimate fills them from the list; a finished job from the requests counted at the ports (see
/// <see cref="UsageTally"/>), kept as job counters under <see cref="CounterPrefix"/>.
/// </summary>
public sealed record AwsUsage
{
    public const string CounterPrefix = "aws:";

    /// <summary>API Gateway HTTP API requests.</summary>
    public long ApiRequests { get; init; }

    /// <summary>Lambda invocations, every function.</summary>
    public long LambdaRequests { get; init; }

    /// <summary>Lambda duration as configured memory (MB) times milliseconds; GB-seconds are this / 1,024,000.</summary>
    public long LambdaMbMilliseconds { get; init; }

    /// <summary>SQS requests as billed: each 64 KiB chunk of a request's payload is one.</summary>
    public long SqsRequests { get; init; }

    public long DynamoDbWriteUnits { get; init; }

    public long DynamoDbReadUnits { get; init; }

    /// <summary>S3 requests of the PUT, COPY, POST, LIST tier (multipart initiate, part and complete are one each).</summary>
    public long S3PutRequests { get; init; }

    /// <summary>S3 requests of the GET tier (GET, HEAD).</summary>
    public long S3GetRequests { get; init; }

    /// <summary>Bytes written to S3 that stay until the job expires (priced over the retention).</summary>
    public long S3StoredBytes { get; init; }

    public long StepFunctionsTransitions { get; init; }

    public double LambdaGbSeconds => LambdaMbMilliseconds / 1_024_000.0;

    public static AwsUsage operator +(AwsUsage left, AwsUsage right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new AwsUsage
        {
            ApiRequests = left.ApiRequests + right.ApiRequests,
            LambdaRequests = left.LambdaRequests + right.LambdaRequests,
            LambdaMbMilliseconds = left.LambdaMbMilliseconds + right.LambdaMbMilliseconds,
            SqsRequests = left.SqsRequests + right.SqsRequests,
            DynamoDbWriteUnits = left.DynamoDbWriteUnits + right.DynamoDbWriteUnits,
            DynamoDbReadUnits = left.DynamoDbReadUnits + right.DynamoDbReadUnits,
            S3PutRequests = left.S3PutRequests + right.S3PutRequests,
            S3GetRequests = left.S3GetRequests + right.S3GetRequests,
            S3StoredBytes = left.S3StoredBytes + right.S3StoredBytes,
            StepFunctionsTransitions = left.StepFunctionsTransitions + right.StepFunctionsTransitions,
        };
    }

    public static AwsUsage Add(AwsUsage left, AwsUsage right) => left + right;

    /// <summary>The usage as job counters (zeros left out), to commit with a batch or keep on the job.</summary>
    public Dictionary<string, long> ToCounters()
    {
        var counters = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, value) in Fields())
        {
            if (value != 0)
            {
                counters[CounterPrefix + name] = value;
            }
        }

        return counters;
    }

    /// <summary>The usage kept in a job's counters (other counters are ignored).</summary>
    public static AwsUsage FromCounters(IReadOnlyDictionary<string, long>? counters)
    {
        long Get(string name) => counters is not null && counters.TryGetValue(CounterPrefix + name, out var value) ? value : 0;
        return new AwsUsage
        {
            ApiRequests = Get(Names.Api),
            LambdaRequests = Get(Names.LambdaRequests),
            LambdaMbMilliseconds = Get(Names.LambdaMbMs),
            SqsRequests = Get(Names.Sqs),
            DynamoDbWriteUnits = Get(Names.DynamoDbWrite),
            DynamoDbReadUnits = Get(Names.DynamoDbRead),
            S3PutRequests = Get(Names.S3Put),
            S3GetRequests = Get(Names.S3Get),
            S3StoredBytes = Get(Names.S3Bytes),
            StepFunctionsTransitions = Get(Names.Transitions),
        };
    }

    private (string Name, long Value)[] Fields() =>
    [
        (Names.Api, ApiRequests),
        (Names.LambdaRequests, LambdaRequests),
        (Names.LambdaMbMs, LambdaMbMilliseconds),
        (Names.Sqs, SqsRequests),
        (Names.DynamoDbWrite, DynamoDbWriteUnits),
        (Names.DynamoDbRead, DynamoDbReadUnits),
        (Names.S3Put, S3PutRequests),
        (Names.S3Get, S3GetRequests),
        (Names.S3Bytes, S3StoredBytes),
        (Names.Transitions, StepFunctionsTransitions),
    ];

    private static class Names
    {
        public const string Api = "api:requests";
        public const string LambdaRequests = "lambda:requests";
        public const string LambdaMbMs = "lambda:mb-ms";
        public const string Sqs = "sqs:requests";
        public const string DynamoDbWrite = "dynamodb:wru";
        public const string DynamoDbRead = "dynamodb:rru";
        public const string S3Put = "s3:put";
        public const string S3Get = "s3:get";
        public const string S3Bytes = "s3:bytes";
        public const string Transitions = "sfn:transitions";
    }
}
