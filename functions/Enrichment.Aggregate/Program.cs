using Enrichment.Aws.Hosting;
using Enrichment.Core.Serialization;
using Enrichment.Core.Workflow;
using Enrichment.Functions.Aggregate;

// The bootstrap of Lambda's provided.al2023 runtime: one AggregateFunction per process, built in the init phase.
return await LambdaFunctionHost.RunAsync<AggregateFunction, AggregateInput, AggregateOutput>(EnrichmentJsonContext.Default.AggregateInput, EnrichmentJsonContext.Default.AggregateOutput);
