using Enrichment.Aws.Hosting;
using Enrichment.Core.Serialization;
using Enrichment.Core.Workflow;

namespace Enrichment.Functions.Webhook;

internal static class Program
{
    /// <summary>The bootstrap of Lambda's provided.al2023 runtime: one WebhookFunction per process, built in the init phase.</summary>
    public static Task<int> Main() =>
        LambdaFunctionHost.RunAsync<WebhookFunction, NotifyInput, NotifyOutput>(EnrichmentJsonContext.Default.NotifyInput, EnrichmentJsonContext.Default.NotifyOutput);
}
