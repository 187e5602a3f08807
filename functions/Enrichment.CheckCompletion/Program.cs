using Enrichment.Aws.Hosting;
using Enrichment.Core.Serialization;
using Enrichment.Core.Workflow;
using Enrichment.Functions.CheckCompletion;

// The bootstrap of Lambda's provided.al2023 runtime: one CheckCompletionFunction per process, built in the init phase.
return await LambdaFunctionHost.RunAsync<CheckCompletionFunction, CheckCompletionInput, CheckCompletionOutput>(EnrichmentJsonContext.Default.CheckCompletionInput, EnrichmentJsonContext.Default.CheckCompletionOutput);
