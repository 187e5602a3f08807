namespace Enrichment.Core.Costs;

/// <summary>
/// What the cost model needs to know of the deployment. The memory sizes are Terraform's defaults
/// (infra-terraform/main.tf, <c>function_defaults</c>); the durations are estimates, used where a
/// duration is not measured (every duration of an estimate, the completion checks of a job). Each
/// function's size and estimate are one <see cref="FunctionCost"/>.
/// </summary>
public sealed record CostOptions
{
    /// <summary>Functions built for arm64 (Terraform's <c>architecture</c>; its default is x86_64).</summary>
    public bool Arm64 { get; init; }

    /// <summary>The API function: its estimate covers parse, two passes over the list and the send.</summary>
    public FunctionCost Api { get; init; } = new(1024, FixedMilliseconds: 60, MillisecondsPerThousandRecords: 40);

    public FunctionCost Split { get; init; } = new(1024);

    /// <summary>A worker: its estimate, per batch, covers read, offline providers, part and commit.</summary>
    public FunctionCost Worker { get; init; } = new(1024, FixedMilliseconds: 25, MillisecondsPerThousandRecords: 60);

    /// <summary>One completion check: two reads of the table.</summary>
    public FunctionCost CheckCompletion { get; init; } = new(256, FixedMilliseconds: 30);

    public FunctionCost Aggregate { get; init; } = new(2048, FixedMilliseconds: 80, MillisecondsPerThousandRecords: 25);

    /// <summary>The webhook step: its estimate is the time when the job named no callback (it reads the job and returns).</summary>
    public FunctionCost Webhook { get; init; } = new(256, FixedMilliseconds: 20);

    /// <summary>
    /// The running function's own memory (Lambda's AWS_LAMBDA_FUNCTION_MEMORY_SIZE), which prices
    /// its measured durations; null off Lambda, where the function's configured size above is used.
    /// </summary>
    public int? OwnMemoryMb { get; init; }

    /// <summary>Estimated completion checks of a job (the poller's first wait is sized to the job, so few are needed).</summary>
    public int EstimatedChecks { get; init; } = 3;

    /// <summary>The memory that prices <paramref name="function"/>'s measured duration when it is the one running.</summary>
    public int MeasuredMemoryMb(FunctionCost function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return OwnMemoryMb ?? function.MemoryMb;
    }

    public decimal LambdaGbSecondPrice => Arm64 ? AwsPrices.LambdaGbSecondArm64 : AwsPrices.LambdaGbSecondX86;
}
