using Enrichment.Core.Serialization;
using Enrichment.Core.Workflow;
using Enrichment.Lambda.Core;
using Enrichment.Lambda.RuntimeSupport;

namespace Enrichment.Functions.Aggregate;

internal static class Program
{
    /// <summary>The bootstrap of Lambda's provided.al2023 runtime: one AggregateFunction per process, built in the init phase.</summary>
    public static Task<int> Main() => LambdaBootstrap.RunAsync(
        _ => Task.FromResult<Func<AggregateInput, ILambdaContext, CancellationToken, Task<AggregateOutput>>>(new AggregateFunction().HandleAsync),
        EnrichmentJsonContext.Default.AggregateInput,
        EnrichmentJsonContext.Default.AggregateOutput);
}
