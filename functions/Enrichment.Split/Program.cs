using Enrichment.Aws.Hosting;
using Enrichment.Core.Serialization;
using Enrichment.Core.Services;
using Enrichment.Functions.Split;
using Enrichment.Lambda.S3Events;
using Enrichment.Lambda.Serialization;

// The bootstrap of Lambda's provided.al2023 runtime: one SplitFunction per process, built in the init phase.
return await LambdaFunctionHost.RunAsync<SplitFunction, S3Event, SplitResponse>(LambdaEventJsonContext.Default.S3Event, EnrichmentJsonContext.Default.SplitResponse);
