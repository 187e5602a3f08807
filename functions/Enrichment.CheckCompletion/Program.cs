using Enrichment.Core.Serialization;
using Enrichment.Core.Workflow;
using Enrichment.Lambda.Core;
using Enrichment.Lambda.RuntimeSupport;

namespace Enrichment.Functions.CheckCompletion;

internal static class Program
{
    /// <summary>The bootstrap of Lambda's provided.al2023 runtime: one CheckCompletionFunction per process, built in the init phase.</summary>
    public static Task<int> Main() => LambdaBootstrap.RunAsync(
        _ => Task.FromResult<Func<CheckCompletionInput, ILambdaContext, CancellationToken, Task<CheckCompletionOutput>>>(new CheckCompletionFunction().HandleAsync),
        EnrichmentJsonContext.Default.CheckCompletionInput,
        EnrichmentJsonContext.Default.CheckCompletionOutput);
}
