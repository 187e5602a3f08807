namespace Enrichment.Local.Queue;

/// <summary>
/// Emulates the Lambda SQS event source mapping: receives up to BatchSize messages, hands them to
/// the handler, deletes the ones it did not report failed (partial batch response) and leaves the
/// failed ones to come back after their visibility timeout. A handler that throws fails the whole
/// batch, as an invocation error does on Lambda.
/// <para>
/// Before it deletes a round's messages it awaits <c>beforeDelete</c>, which makes what the handler
/// committed durable (the control table's deferred commits): one flush for the round's batches, and
/// a power cut can never keep a delete whose commit it lost.
/// </para>
/// </summary>
public sealed class LocalEventSourcePoller
{
    private readonly LocalQueue _queue;
    private readonly Func<IReadOnlyList<QueueMessage>, CancellationToken, Task<IReadOnlyList<string>>> _handler;
    private readonly LocalEventSourceOptions _options;
    private readonly Action<Exception>? _onHandlerError;
    private readonly Func<CancellationToken, Task>? _beforeDelete;

    /// <param name="handler">Gets a batch; answers the message ids that failed.</param>
    /// <param name="onHandlerError">Told about a handler that threw (its batch is left for redelivery).</param>
    /// <param name="beforeDelete">Awaited after a round's handler returned and before its messages are deleted.</param>
    public LocalEventSourcePoller(
        LocalQueue queue,
        Func<IReadOnlyList<QueueMessage>, CancellationToken, Task<IReadOnlyList<string>>> handler,
        LocalEventSourceOptions options,
        Action<Exception>? onHandlerError = null,
        Func<CancellationToken, Task>? beforeDelete = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.BatchSize, 10);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Concurrency, 1);
        _queue = queue;
        _handler = handler;
        _options = options;
        _onHandlerError = onHandlerError;
        _beforeDelete = beforeDelete;
    }

    /// <summary>Runs the pollers until <paramref name="cancellationToken"/> is cancelled; then returns normally.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, _options.Concurrency).Select(_ => Task.Run(() => PollAsync(cancellationToken), CancellationToken.None)));

    /// <summary>One receive-handle-delete round; answers how many messages it handled (0 after an empty wait).</summary>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken)
    {
        var (handled, succeeded) = await ReceiveAndHandleAsync([], cancellationToken);
        if (succeeded.Count > 0)
        {
            // Deleting is not cancelled with the poller: work done must not be redone needlessly.
            await _queue.DeleteAsync(succeeded, CancellationToken.None);
        }

        return handled;
    }

    /// <summary>
    /// Receives (deleting the previous round's handled messages in the same transaction), hands the
    /// batch over, and answers the receipt handles of the messages it handled, left to delete.
    /// </summary>
    private async Task<(int Handled, IReadOnlyList<string> Succeeded)> ReceiveAndHandleAsync(IReadOnlyList<string> toDelete, CancellationToken cancellationToken)
    {
        var messages = toDelete.Count == 0
            ? await _queue.ReceiveAsync(_options.BatchSize, _options.WaitTime, cancellationToken, _options.VisibilityTimeout)
            : await _queue.DeleteAndReceiveAsync(toDelete, _options.BatchSize, _options.WaitTime, cancellationToken, _options.VisibilityTimeout);
        if (messages.Count == 0)
        {
            return (0, []);
        }

        IReadOnlyList<string> failed;
        try
        {
            failed = await _handler(messages, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A failing handler must not stop the poller; the batch is redelivered.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _onHandlerError?.Invoke(exception);
            return (messages.Count, []);
        }

        var failedIds = failed.Count == 0 ? null : new HashSet<string>(failed, StringComparer.Ordinal);
        var succeeded = messages.Where(m => failedIds is null || !failedIds.Contains(m.MessageId)).Select(m => m.ReceiptHandle).ToList();
        if (succeeded.Count > 0 && _beforeDelete is not null)
        {
            // Not cancelled with the poller, like the delete it guards.
            await _beforeDelete(CancellationToken.None);
        }

        return (messages.Count, succeeded);
    }

    /// <summary>
    /// Each round's deletes ride on the next round's receive (one transaction, one fsync of
    /// queues.db, where each had its own); the last round's are made when the poller stops.
    /// </summary>
    private async Task PollAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string> toDelete = [];
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    (_, toDelete) = await ReceiveAndHandleAsync(toDelete, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
            }
        }
        finally
        {
            if (toDelete.Count > 0)
            {
                // Handles already deleted with a receive are stale by now and delete nothing.
                await _queue.DeleteAsync(toDelete, CancellationToken.None);
            }
        }
    }
}
