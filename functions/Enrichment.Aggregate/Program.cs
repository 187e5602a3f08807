using Enrichment.Aws.Hosting;
using Enrichment.Core.Serialization;
using Enrichment.Core.Workflow;

namespace Enrichment.Functions.Aggregate;

internal static class Program
{
    /// <summary>The bootstrap of Lambda's provided.al2023 runtime: one AggregateFunction per process, built in the init phase.</summary>
    public static Task<int> Main() =>
        LambdaFunctionHost.RunAsync<AggregateFunction, AggregateInput, AggregateOutput>(EnrichmentJsonContext.Default.AggregateInput, EnrichmentJsonContext.Default.AggregateOutput);
}
