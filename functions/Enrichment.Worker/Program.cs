using Enrichment.Aws.Hosting;
using Enrichment.Functions.Worker;
using Enrichment.Lambda.SQSEvents;
using Enrichment.Lambda.Serialization;

// The bootstrap of Lambda's provided.al2023 runtime: one WorkerFunction per process, built in the init phase.
return await LambdaFunctionHost.RunAsync<WorkerFunction, SQSEvent, SQSBatchResponse>(LambdaEventJsonContext.Default.SQSEvent, LambdaEventJsonContext.Default.SQSBatchResponse);
