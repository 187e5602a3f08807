using System.Globalization;

namespace Enrichment.AwsBench;

/// <summary>The run's settings, from the command line (see <see cref="Program"/>).</summary>
public sealed record BenchOptions
{
    public int Rows { get; init; } = 100_000;

    /// <summary>Concurrent worker invocations (Terraform's worker_max_concurrency; prod sets 50).</summary>
    public int Concurrency { get; init; } = 10;

    /// <summary>Messages per worker invocation (Terraform's worker_batch_size).</summary>
    public int MessagesPerInvocation { get; init; } = 5;

    /// <summary>Records per batch (Terraform's batch_size).</summary>
    public int BatchSize { get; init; } = 100;

    public int LatencyMilliseconds { get; init; } = 20;

    /// <summary>Rows the aggregate reads: more than <see cref="Rows"/> repeats the real parts (<see cref="PartCopies"/>).</summary>
    public int AggregateRows { get; init; }

    /// <summary>The whole job as deployed, poller included, and its counted cost beside the estimate (<see cref="CostRun"/>).</summary>
    public bool Cost { get; init; }

    /// <summary>Only the split: the batches stay in the queue.</summary>
    public bool SplitOnly { get; init; }

    /// <summary>
    /// Who answers the data path's SQS calls: the proxy (<see cref="SqsStandIn"/>, the default; a split
    /// measured alone only has its messages acknowledged) or moto.
    /// </summary>
    public string Sqs { get; init; } = "local";

    public string ProxySqs => Sqs == "moto" ? "moto" : SplitOnly ? "sink" : "local";

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            int Next() => i + 1 < args.Count && int.TryParse(args[++i], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n
                : throw new ArgumentException($"{args[i]} takes a positive whole number");
            options = args[i] switch
            {
                "--rows" => options with { Rows = Next() },
                "--concurrency" => options with { Concurrency = Next() },
                "--messages-per-invocation" => options with { MessagesPerInvocation = Math.Min(10, Next()) },
                "--batch-size" => options with { BatchSize = Next() },
                "--latency-ms" => options with { LatencyMilliseconds = Next() },
                "--split-only" => options with { SplitOnly = true },
                "--cost" => options with { Cost = true },
                "--aggregate-rows" => options with { AggregateRows = Next() },
                "--sqs" when i + 1 < args.Count && args[i + 1] is "moto" or "local" => options with { Sqs = args[++i] },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        return options;
    }
}
