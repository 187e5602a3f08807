using Enrichment.Aws.Hosting;
using Enrichment.Core.Serialization;
using Enrichment.Core.Workflow;

namespace Enrichment.Functions.CheckCompletion;

internal static class Program
{
    /// <summary>The bootstrap of Lambda's provided.al2023 runtime: one CheckCompletionFunction per process, built in the init phase.</summary>
    public static Task<int> Main() =>
        LambdaFunctionHost.RunAsync<CheckCompletionFunction, CheckCompletionInput, CheckCompletionOutput>(EnrichmentJsonContext.Default.CheckCompletionInput, EnrichmentJsonContext.Default.CheckCompletionOutput);
}
