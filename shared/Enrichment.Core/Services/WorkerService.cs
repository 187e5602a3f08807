using Enrichment.Core.Logging;
using Microsoft.Extensions.Logging;

namespace Enrichment.Core.Services;

/// <summary>
/// The worker's delivery policy. A batch that throws is reported as a partial failure so SQS
/// redelivers it; on its last allowed receive it is recorded as failed instead, and anything that
/// still reaches the dead-letter queue (a crashed or timed-out worker) is recorded there. Either
/// way the batch is counted once and the job can finish.
/// </summary>
/// <remarks>
/// Each delivery's requests are counted (<see cref="UsageTally"/>) and committed with its batch, with
/// its measured duration; the first of an invocation also carries the invocation and the event
/// source's DeleteMessageBatch, and each its share of the ReceiveMessage (its body's 64 KiB chunks).
/// Those three are derived: Lambda's poller makes them, not this code. A delivery's duration runs
/// to its commit's end, which overlaps the next delivery's enrichment, so the durations of an
/// invocation add up to a little more than its billed time (one part write's worth per delivery).
/// </remarks>
public sealed class WorkerService(BatchProcessor processor, EnrichmentOptions options, ILogger log, IUsageTallyAccessor tallies, TimeProvider? time = null)
{
    /// <summary>Tries at recording a dead-lettered batch beyond the main queue's receive limit.</summary>
    public const int DeadLetterRecordAttempts = 5;

    /// <summary>
    /// Handles the deliveries in order, within an invocation that is stopped at <paramref name="deadline"/>
    /// (null: never); answers the message ids to redeliver.
    /// </summary>
    /// <remarks>
    /// The providers keep their calls before the deadline and mark the records they had no time for
    /// as errors, so each batch is still written and committed rather than abandoned and redelivered.
    /// </remarks>
    public async Task<IReadOnlyList<string>> HandleAsync(IReadOnlyList<QueueDelivery> deliveries, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        // Each delivery's commit (its part made durable, then counted) overlaps the next delivery's
        // enrichment: a worker that waited for every part's fsync before starting its next batch left
        // a core idle for the wait (issue 13). The next starts only once this one is enriched (its
        // providers' answers cached for the next), and the one before has ended; so at most two
        // commits are in flight, and the invocation ends after the last.
        var retry = new List<string>();
        Task<bool>? previous = null;
        for (var i = 0; i < deliveries.Count; i++)
        {
            var enriched = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var handling = HandleCountedAsync(deliveries[i], first: i == 0, () => enriched.TrySetResult(), deadline, cancellationToken);
            await Task.WhenAny(enriched.Task, handling);
            if (previous is not null && !await previous)
            {
                retry.Add(deliveries[i - 1].MessageId);
            }

            previous = handling;
        }

        if (previous is not null && !await previous)
        {
            retry.Add(deliveries[^1].MessageId);
        }

        return retry;
    }

    /// <summary>One delivery, with its own request tally (an async method: the tally is this flow's alone).</summary>
    private async Task<bool> HandleCountedAsync(QueueDelivery delivery, bool first, Action enriched, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        using var usage = tallies.Begin(time, options.Costs.MeasuredMemoryMb(options.Costs.Worker));
        usage.Tally.Add(new AwsUsage
        {
            LambdaRequests = first ? 1 : 0,
            SqsRequests = RequestUnits.SqsRequests(delivery.BodyBytes) + (first ? 1 : 0),
        });
        return await HandleOneAsync(delivery, enriched, deadline, cancellationToken);
    }

    private async Task<bool> HandleOneAsync(QueueDelivery delivery, Action enriched, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        BatchMessage? message;
        try
        {
            // A body delivered as bytes is parsed as it is, with no UTF-16 string of it made.
            message = delivery.Utf8Body is { } utf8
                ? JsonSerializer.Deserialize(utf8.Span, EnrichmentJsonContext.Default.BatchMessage)
                : JsonSerializer.Deserialize(delivery.Body, EnrichmentJsonContext.Default.BatchMessage);
        }
        catch (JsonException)
        {
            message = null;
        }

        if (message is null)
        {
            // Not ours and never will be: redelivering it only delays its trip to the dead-letter queue.
            log.LogWarning("unreadable message {MessageId} dropped{From}", delivery.MessageId, delivery.FromDeadLetterQueue ? " from the dead-letter queue" : "");
            return delivery.FromDeadLetterQueue;
        }

        // Every line about this batch, the processor's and the adapters' too, carries its job id.
        using var jobScope = log.BeginJobScope(message.JobId);
        if (delivery.FromDeadLetterQueue)
        {
            return await RecordDeadLetterAsync(delivery, message, cancellationToken);
        }

        try
        {
            var outcome = await processor.ProcessAsync(message, deadline, cancellationToken, enriched);
            log.LogInformation("job {JobId} batch {Batch}: {Disposition} ({Commit}) {Records} records", message.JobId, message.BatchIndex, outcome.Disposition, outcome.Commit, outcome.Records);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (delivery.ReceiveCount >= options.MaxReceiveCount)
            {
                await processor.RecordFailureAsync(message, $"failed on all {delivery.ReceiveCount} receives ({ex.GetType().Name})", cancellationToken);
                log.LogError("job {JobId} batch {Batch} failed on its last receive ({ErrorType}); recorded as failed", message.JobId, message.BatchIndex, ex.GetType().Name);
                return true;
            }

            log.LogWarning("job {JobId} batch {Batch} failed on receive {ReceiveCount} ({ErrorType}); will be redelivered", message.JobId, message.BatchIndex, delivery.ReceiveCount, ex.GetType().Name);
            return false;
        }
    }

    /// <summary>
    /// Records a dead-lettered batch as failed. Recording can fail too (the table or the store is
    /// down): the message is then handed back for another try, but only until its receive count
    /// passes <see cref="DeadLetterRecordAttempts"/> more than the main queue allows (SQS keeps the
    /// count across the redrive; a queue that restarted it would allow a few more tries, still
    /// bounded). Past that it is dropped with an error line; the job still ends, because the
    /// completion check fails every batch that has no result once the job stops moving.
    /// </summary>
    private async Task<bool> RecordDeadLetterAsync(QueueDelivery delivery, BatchMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await processor.RecordFailureAsync(message, $"dead-lettered after {options.MaxReceiveCount} receives", cancellationToken);
            if (outcome.Commit == Jobs.CommitOutcome.Counted)
            {
                log.LogWarning("job {JobId} batch {Batch} dead-lettered and recorded as failed", message.JobId, message.BatchIndex);
            }
            else
            {
                log.LogWarning("job {JobId} batch {Batch} dead-lettered but not recorded ({Disposition}, {Commit}); nothing changed", message.JobId, message.BatchIndex, outcome.Disposition, outcome.Commit);
            }

            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (delivery.ReceiveCount < options.MaxReceiveCount + DeadLetterRecordAttempts)
            {
                log.LogWarning("job {JobId} batch {Batch} dead-lettered; recording it failed on receive {ReceiveCount} ({ErrorType}); will be redelivered", message.JobId, message.BatchIndex, delivery.ReceiveCount, ex.GetType().Name);
                return false;
            }

            log.LogError("dead_letter_record_dropped: job {JobId} batch {Batch} could not be recorded as failed by receive {ReceiveCount} ({ErrorType}); dropped, the completion check fails it when the job stalls", message.JobId, message.BatchIndex, delivery.ReceiveCount, ex.GetType().Name);
            return true;
        }
    }
}
