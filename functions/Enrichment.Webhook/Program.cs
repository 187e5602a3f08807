using Enrichment.Aws.Hosting;
using Enrichment.Core.Serialization;
using Enrichment.Core.Workflow;
using Enrichment.Functions.Webhook;

// The bootstrap of Lambda's provided.al2023 runtime: one WebhookFunction per process, built in the init phase.
return await LambdaFunctionHost.RunAsync<WebhookFunction, NotifyInput, NotifyOutput>(EnrichmentJsonContext.Default.NotifyInput, EnrichmentJsonContext.Default.NotifyOutput);
