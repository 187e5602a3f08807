using Enrichment.Aws.Hosting;
using Enrichment.Lambda.Serialization;
using Enrichment.Lambda.SQSEvents;

namespace Enrichment.Functions.Worker;

internal static class Program
{
    /// <summary>The bootstrap of Lambda's provided.al2023 runtime: one WorkerFunction per process, built in the init phase.</summary>
    public static Task<int> Main() =>
        LambdaFunctionHost.RunAsync<WorkerFunction, SQSEvent, SQSBatchResponse>(LambdaEventJsonContext.Default.SQSEvent, LambdaEventJsonContext.Default.SQSBatchResponse);
}
