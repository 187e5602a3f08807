using Enrichment.Lambda.SQSEvents;
using Enrichment.Lambda.Core;
using Enrichment.Lambda.RuntimeSupport;
using Enrichment.Lambda.Serialization;

namespace Enrichment.Functions.Worker;

internal static class Program
{
    /// <summary>The bootstrap of Lambda's provided.al2023 runtime: one WorkerFunction per process, built in the init phase.</summary>
    public static Task<int> Main() => LambdaBootstrap.RunAsync(
        _ => Task.FromResult<Func<SQSEvent, ILambdaContext, CancellationToken, Task<SQSBatchResponse>>>(new WorkerFunction().HandleAsync),
        LambdaEventJsonContext.Default.SQSEvent,
        LambdaEventJsonContext.Default.SQSBatchResponse);
}
