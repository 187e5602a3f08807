namespace Enrichment.Core.Costs;

/// <summary>
/// What the cost model needs to know of the deployment. The memory sizes are Terraform's defaults
/// (infra-terraform/main.tf, <c>function_defaults</c>); the durations are estimates, used where a
/// duration is not measured (every duration of an estimate, the completion checks of a job).
/// </summary>
public sealed record CostOptions
{
    /// <summary>Functions built for arm64 (Terraform's <c>architecture</c>; its default is x86_64).</summary>
    public bool Arm64 { get; init; }

    public int ApiMemoryMb { get; init; } = 1024;

    public int SplitMemoryMb { get; init; } = 1024;

    public int WorkerMemoryMb { get; init; } = 1024;

    public int CheckCompletionMemoryMb { get; init; } = 256;

    public int AggregateMemoryMb { get; init; } = 2048;

    public int WebhookMemoryMb { get; init; } = 256;

    /// <summary>
    /// The running function's own memory (Lambda's AWS_LAMBDA_FUNCTION_MEMORY_SIZE), which prices
    /// its measured durations; null off Lambda, where the function's configured size above is used.
    /// </summary>
    public int? OwnMemoryMb { get; init; }

    /// <summary>Estimated time of the API's part of a job (parse, two passes over the list, send), per 1,000 records, plus a fixed part.</summary>
    public double ApiMillisecondsPerThousandRecords { get; init; } = 40;

    public double ApiFixedMilliseconds { get; init; } = 60;

    /// <summary>Estimated time of a worker per batch (read, offline providers, part, commit), per 1,000 records, plus a fixed part.</summary>
    public double WorkerMillisecondsPerThousandRecords { get; init; } = 60;

    public double WorkerFixedMilliseconds { get; init; } = 25;

    /// <summary>Estimated time of one completion check (two reads of the table).</summary>
    public double CheckCompletionMilliseconds { get; init; } = 30;

    /// <summary>Estimated time of the aggregate, per 1,000 records, plus a fixed part.</summary>
    public double AggregateMillisecondsPerThousandRecords { get; init; } = 25;

    public double AggregateFixedMilliseconds { get; init; } = 80;

    /// <summary>Estimated completion checks of a job (the poller's first wait is sized to the job, so few are needed).</summary>
    public int EstimatedChecks { get; init; } = 3;

    public decimal LambdaGbSecondPrice => Arm64 ? AwsPrices.LambdaGbSecondArm64 : AwsPrices.LambdaGbSecondX86;
}
