using Enrichment.Core.Providers.Http;

namespace Enrichment.Core.Costs;

/// <summary>
/// A job's cost by count: the job item's usage (the split's; at the end also the poller's, the
/// aggregate's and the notification's) plus the batches' (job counters), priced by <see cref="CostModel"/>;
/// each external provider's calls and paid matches from its counters, at its definition's prices.
/// </summary>
public static class CountedCost
{
    /// <summary>What is counted and what is derived, said beside every counted cost.</summary>
    public const string Basis =
        "counted: S3 requests and bytes, SQS sends, control-table and answer-cache calls (DynamoDB units derived per call), "
        + "Lambda durations measured times configured memory, provider calls and matches; derived: each invocation request, "
        + "the event source's receives and deletes, completion checks (counted by the state machine) at an estimated duration, "
        + "state transitions from the checks, the last writes of each step; not counted: retries inside the AWS SDK, a retried job's sends";

    public static JobCost Of(IReadOnlyDictionary<string, long>? jobUsage, IReadOnlyDictionary<string, long>? counters, IReadOnlyList<IDataProvider> chain, EnrichmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(options);
        var usage = AwsUsage.FromCounters(jobUsage) + AwsUsage.FromCounters(counters);
        var charges = chain.OfType<HttpProvider>()
            .Select(http => new ProviderCharge(http.Name, Get(counters, JobCounters.Calls(http.Name)), Get(counters, JobCounters.PaidMatches(http.Name)), http.Pricing))
            .ToList();
        return CostModel.Price(usage, charges, options.Costs, options.JobRetention, Basis);
    }

    /// <summary>
    /// The poller and the notification, from the checks the state machine counted: each check is a
    /// Wait, a CheckCompletion invocation (two reads of the table) and a Choice; the end is the
    /// Aggregate, Notify and Done states and the webhook function's invocation; each continued
    /// execution adds its ContinueAsNew and ContinuedAsNew states.
    /// </summary>
    public static AwsUsage Poller(int checks, int generations, CostOptions costs)
    {
        ArgumentNullException.ThrowIfNull(costs);
        return new AwsUsage
        {
            LambdaRequests = checks + 1,
            LambdaMbMilliseconds = costs.CheckCompletion.EstimatedMbMilliseconds(checks) + costs.Webhook.EstimatedMbMilliseconds(1),
            DynamoDbReadUnits = (checks * (RequestUnits.ItemReadUnits + RequestUnits.ProgressReadUnits)) + RequestUnits.ItemReadUnits,
            StepFunctionsTransitions = (checks * UsageEstimate.TransitionsPerCheck) + UsageEstimate.FinalTransitions + (2L * generations),
        };
    }

    /// <summary>The providers of a job's chain, for their prices; none when the chain can no longer be built (a provider withdrawn).</summary>
    public static IReadOnlyList<IDataProvider> ChainOf(ProviderFactory? providers, IReadOnlyList<string> names)
    {
        try
        {
            return providers?.CreateChain(names).Providers ?? [];
        }
        catch (ArgumentException)
        {
            return [];
        }
    }

    private static long Get(IReadOnlyDictionary<string, long>? counters, string name) =>
        counters is not null && counters.TryGetValue(name, out var value) ? value : 0;
}
