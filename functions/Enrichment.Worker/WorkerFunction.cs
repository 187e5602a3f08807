using System.Text.Json;
using Enrichment.Core.Configuration;
using Enrichment.Core.Services;
using Enrichment.Lambda.Core;
using Enrichment.Lambda.Destinations;
using Enrichment.Lambda.SQSEvents;
using Enrichment.Lambda.Serialization;

namespace Enrichment.Functions.Worker;

/// <summary>
/// SQS event source (main queue and dead-letter queue). Reports partial batch failures so only
/// the batches that failed come back. The dead-letter queue is also the split's on-failure
/// destination: a record of a given-up split fails its job.
/// </summary>
/// <param name="splitFailures">Fails the jobs of given-up splits arriving on the dead-letter queue.</param>
/// <param name="options">Its <see cref="EnrichmentOptions.DeadLetterQueueArn"/> marks the records that are dead letters, to be recorded as failed batches.</param>
/// <param name="timeProvider">
/// The clock that turns the context's remaining time into a deadline; it must be the providers'
/// clock (the system clock in every host).
/// </param>
public sealed class WorkerFunction(WorkerService worker, SplitFailureService splitFailures, EnrichmentOptions options, TimeProvider timeProvider)
    : ILambdaHandler<SQSEvent, SQSBatchResponse>
{
    private readonly string? _deadLetterQueueArn = options.DeadLetterQueueArn;

    public async Task<SQSBatchResponse> HandleAsync(SQSEvent sqsEvent, ILambdaContext context, CancellationToken cancellationToken)
    {
        var deliveries = new List<QueueDelivery>();
        foreach (var message in sqsEvent.Records ?? [])
        {
            var delivery = ToDelivery(message);
            if (delivery.FromDeadLetterQueue && ReadSplitFailure(delivery.Body) is { } failure)
            {
                var tooOld = failure.RequestContext!.Condition == "EventAgeExceeded";
                foreach (var record in failure.RequestPayload!.Records)
                {
                    await splitFailures.FailAsync(record.S3.Object.DecodedKey, tooOld, cancellationToken);
                }

                continue;
            }

            deliveries.Add(delivery);
        }

        // Calls to paid APIs stop short of Lambda's deadline, so the batches are committed rather than abandoned.
        var deadline = timeProvider.GetUtcNow() + context.RemainingTime;
        var failed = await worker.HandleAsync(deliveries, deadline, cancellationToken);
        return new SQSBatchResponse
        {
            BatchItemFailures = [.. failed.Select(id => new SQSBatchResponse.BatchItemFailure { ItemIdentifier = id })],
        };
    }

    /// <summary>The on-failure record of an S3-invoked split, or null for anything else (a dead-lettered batch).</summary>
    private static S3InvocationFailure? ReadSplitFailure(string body)
    {
        if (!body.Contains("\"requestContext\"", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var failure = JsonSerializer.Deserialize(body, LambdaEventJsonContext.Default.S3InvocationFailure);
            return failure?.RequestContext?.Condition is not null && failure.RequestPayload?.Records is { Count: > 0 } ? failure : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private QueueDelivery ToDelivery(SQSEvent.SQSMessage message)
    {
        var receives = message.Attributes is { } attributes
            && attributes.TryGetValue("ApproximateReceiveCount", out var text)
            && int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var count) ? count : 1;
        var fromDeadLetters = _deadLetterQueueArn is not null && string.Equals(message.EventSourceArn, _deadLetterQueueArn, StringComparison.Ordinal);
        return message.Utf8Body is { } utf8
            ? new QueueDelivery(message.MessageId ?? string.Empty, utf8, receives, fromDeadLetters)
            : new QueueDelivery(message.MessageId ?? string.Empty, message.Body ?? string.Empty, receives, fromDeadLetters);
    }
}
