using Enrichment.Core.Serialization;
using Enrichment.Core.Workflow;
using Enrichment.Lambda.Core;
using Enrichment.Lambda.RuntimeSupport;

namespace Enrichment.Functions.Webhook;

internal static class Program
{
    /// <summary>The bootstrap of Lambda's provided.al2023 runtime: one WebhookFunction per process, built in the init phase.</summary>
    public static Task<int> Main() => LambdaBootstrap.RunAsync(
        _ => Task.FromResult<Func<NotifyInput, ILambdaContext, CancellationToken, Task<NotifyOutput>>>(new WebhookFunction().HandleAsync),
        EnrichmentJsonContext.Default.NotifyInput,
        EnrichmentJsonContext.Default.NotifyOutput);
}
