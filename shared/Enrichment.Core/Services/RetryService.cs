namespace Enrichment.Core.Services;

/// <summary>
/// POST /jobs/{id}/retry: sends the failed batches again (from their kept rows, or planned again from the job's kept list) and asks for the
/// error rows of the other batches to be re-run (a provider that was down, say), under a new
/// attempt; a new poller writes a new output once every one of them is counted at that attempt.
/// Records that were ok or invalid are never sent to a provider again.
/// </summary>
public sealed class RetryService(IControlTable table, IBatchQueue queue, IObjectStore store, IWorkflowStarter workflow, EnrichmentOptions options, TimeProvider time)
{
    public async Task<Outcome<SubmitResult>> RetryAsync(string jobId, string caller, CancellationToken cancellationToken)
    {
        var job = await table.GetJobAsync(jobId, cancellationToken);
        if (job is null || !job.IsVisibleTo(caller))
        {
            return new Refusal.NotFound($"job {jobId} not found");
        }

        if (!job.State.IsFinished())
        {
            return new Refusal.Conflict($"job {jobId} is still {job.State.ToWire()}; retry once it has finished");
        }

        var attempt = job.Attempt + 1;
        var planned = await MessagesAsync(job, attempt, cancellationToken);
        if (planned.Refusal is { } noRows)
        {
            return noRows;
        }

        var messages = planned.Value;
        if (messages.Count == 0)
        {
            return new Refusal.Conflict($"job {jobId} has no failed batches or error records to retry");
        }

        var now = time.GetUtcNow();
        var retrying = job with { State = JobState.Processing, Attempt = attempt, RetriedBatches = messages.Count, Error = null, UpdatedAt = now, FinishedAt = null };
        if (!await table.TryUpdateJobAsync(retrying, job.State, cancellationToken))
        {
            return new Refusal.Conflict($"job {jobId} changed while retrying; try again");
        }

        await workflow.StartAsync(SplitService.ExecutionName(jobId, attempt), new PollerInput(jobId, attempt, 1), cancellationToken);
        await queue.SendAsync(messages, cancellationToken);
        return new SubmitResult(jobId, JobState.Processing, Replayed: false);
    }

    /// <summary>
    /// Sends again what a retry cut short may not have sent (the host was killed between the job's update
    /// and the last send): every batch of the retry not yet counted at its attempt. A batch that was sent
    /// after all is counted once. A no-op unless the job is processing that retry.
    /// </summary>
    public async Task<int> ResendAsync(string jobId, int attempt, CancellationToken cancellationToken)
    {
        var job = await table.GetJobAsync(jobId, cancellationToken);
        if (job is not { State: JobState.Processing } || attempt == 0 || job.Attempt != attempt)
        {
            return 0;
        }

        // A refusal here means the retry itself was refused the same way, so it sent nothing to resend.
        var planned = await MessagesAsync(job, attempt, cancellationToken);
        if (planned.Refusal is not null || planned.Value.Count == 0)
        {
            return 0;
        }

        await queue.SendAsync(planned.Value, cancellationToken);
        return planned.Value.Count;
    }

    /// <summary>
    /// The retry's messages: the failed batches (their rows) and the batches with error rows, counted
    /// before <paramref name="attempt"/>; refused when a failed batch has no kept rows to send.
    /// </summary>
    private async Task<Outcome<List<BatchMessage>>> MessagesAsync(JobRecord job, int attempt, CancellationToken cancellationToken)
    {
        var jobId = job.JobId;
        var failed = new List<BatchEntry>();
        var withErrors = new List<BatchEntry>();
        await foreach (var batch in table.ListBatchesAsync(jobId, cancellationToken))
        {
            if (batch.Attempt >= attempt)
            {
                // Counted at this attempt already: a resend leaves it be.
                continue;
            }

            if (batch.Status == BatchStatus.Failed)
            {
                failed.Add(batch);
            }
            else if (batch.Error > 0)
            {
                withErrors.Add(batch);
            }
        }

        var messages = new List<BatchMessage>(failed.Count + withErrors.Count);
        await using var failedRows = new FailedBatchRows(job, store, options);
        foreach (var batch in failed)
        {
            // Batches come in batch order, as the rows source wants them.
            var rows = await failedRows.RowsOfAsync(batch.BatchIndex, batch.Records, cancellationToken);
            if (rows is null)
            {
                return new Refusal.Conflict($"batch {batch.BatchIndex} of job {jobId} has no kept rows to retry (the job was made before lists were kept)");
            }

            // Rows too big for one message go by claim check, as the split sent them. Decided from the kept
            // rows, not by probing for a payload object: ordinary batches never have one, and on S3 a missing
            // key is refused as access denied to a caller that may not list the bucket.
            var serialized = JsonSerializer.SerializeToUtf8Bytes(rows.ToList(), EnrichmentJsonContext.Default.ListBatchRow);
            if (serialized.Length > options.MaxBatchBytes)
            {
                var payload = JobKeys.Payload(jobId, batch.BatchIndex);
                await store.PutAsync(payload, serialized, "application/json", cancellationToken);
                messages.Add(new BatchMessage(jobId, attempt, batch.BatchIndex, Rows: null, PayloadKey: payload));
            }
            else
            {
                messages.Add(new BatchMessage(jobId, attempt, batch.BatchIndex, rows));
            }
        }

        foreach (var batch in withErrors)
        {
            messages.Add(new BatchMessage(jobId, attempt, batch.BatchIndex, Rows: null, ErrorsOnly: true));
        }

        return messages;
    }
}
