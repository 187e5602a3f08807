using Enrichment.Aws;
using Enrichment.Core.Services;
using Enrichment.Lambda.Core;
using Enrichment.Lambda.SQSEvents;
using Microsoft.Extensions.DependencyInjection;

namespace Enrichment.Functions.Worker;

/// <summary>
/// SQS event source (main queue and dead-letter queue). Reports partial batch failures so only
/// the batches that failed come back.
/// </summary>
public sealed class WorkerFunction
{
    private readonly WorkerService worker;
    private readonly string? deadLetterQueueArn;
    private readonly TimeProvider timeProvider;

    public WorkerFunction()
        : this(AwsContainer.Services.GetRequiredService<WorkerService>(), Environment.GetEnvironmentVariable("ENRICHMENT_DLQ_ARN"))
    {
    }

    /// <param name="deadLetterQueueArn">Records from this queue are dead letters, to be recorded as failed batches.</param>
    /// <param name="timeProvider">
    /// The clock that turns the context's remaining time into a deadline; it must be the providers'
    /// clock (the system clock, which is the default).
    /// </param>
    public WorkerFunction(WorkerService worker, string? deadLetterQueueArn, TimeProvider? timeProvider = null)
    {
        this.worker = worker;
        this.deadLetterQueueArn = deadLetterQueueArn;
        this.timeProvider = timeProvider ?? TimeProvider.System;
    }

    public async Task<SQSBatchResponse> HandleAsync(SQSEvent sqsEvent, ILambdaContext context, CancellationToken cancellationToken)
    {
        var deliveries = (sqsEvent.Records ?? []).Select(ToDelivery).ToList();
        // Calls to paid APIs stop short of Lambda's deadline, so the batches are committed rather than abandoned.
        var deadline = timeProvider.GetUtcNow() + context.RemainingTime;
        var failed = await worker.HandleAsync(deliveries, deadline, cancellationToken);
        return new SQSBatchResponse
        {
            BatchItemFailures = [.. failed.Select(id => new SQSBatchResponse.BatchItemFailure { ItemIdentifier = id })],
        };
    }

    private QueueDelivery ToDelivery(SQSEvent.SQSMessage message)
    {
        var receives = message.Attributes is { } attributes
            && attributes.TryGetValue("ApproximateReceiveCount", out var text)
            && int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var count) ? count : 1;
        var fromDeadLetters = deadLetterQueueArn is not null && string.Equals(message.EventSourceArn, deadLetterQueueArn, StringComparison.Ordinal);
        return new QueueDelivery(message.MessageId ?? string.Empty, message.Body ?? string.Empty, receives, fromDeadLetters);
    }
}
