namespace Enrichment.Core.Services;

/// <summary>
/// The split's sending: the batches as the byte ranges the validation pass found (a CSV list), or the
/// list read again, cut into batches and sent with their rows, chunk by chunk.
/// </summary>
public sealed partial class SplitService
{
    /// <param name="ranges">The batches as ranges of the job's kept list, from the validation pass; null to send rows.</param>
    private async Task DistributeAsync(JobRecord job, Func<CancellationToken, Task<Stream>> open, IReadOnlyList<InputRange>? ranges, bool undoOnFailure, CancellationToken cancellationToken)
    {
        try
        {
            // The poller starts first: if this function dies half-way, the poller's stall
            // detection still ends the job instead of leaving it waiting forever.
            await workflow.StartAsync(ExecutionName(job.JobId, job.Attempt), new PollerInput(job.JobId, job.Attempt, InitialWaitSeconds(job)), cancellationToken);
            var sent = ranges is null ? await SendRowsAsync(job, open, cancellationToken) : await SendRangesAsync(job, ranges, cancellationToken);
            if (sent != job.TotalBatches)
            {
                throw new InvalidOperationException($"the list changed between passes: {sent} batches instead of {job.TotalBatches}");
            }

            var processing = job with { State = JobState.Processing, UpdatedAt = time.GetUtcNow(), Usage = SplitUsage(job) };
            await table.TryUpdateJobAsync(processing, JobState.Accepted, cancellationToken);
        }
        catch (Exception ex) when (undoOnFailure && ex is not OperationCanceledException)
        {
            // Undo: no job that looks alive but can never finish. Workers drop batches of a job that is gone.
            await table.DeleteJobAsync(job.JobId, CancellationToken.None);
            await store.DeletePrefixAsync(JobKeys.JobPrefix(job.JobId), CancellationToken.None);
            throw;
        }
    }

    /// <summary>Each batch names its range of the kept list: the list is not read again (issue 13).</summary>
    private async Task<int> SendRangesAsync(JobRecord job, IReadOnlyList<InputRange> ranges, CancellationToken cancellationToken)
    {
        var pending = new List<BatchMessage>(SendChunk);
        for (var index = 0; index < ranges.Count; index++)
        {
            pending.Add(new BatchMessage(job.JobId, job.Attempt, index, Rows: null, Range: ranges[index]));
            if (pending.Count == SendChunk || index == ranges.Count - 1)
            {
                await queue.SendAsync(pending, cancellationToken);
                pending.Clear();
            }
        }

        return ranges.Count;
    }

    private async Task<int> SendRowsAsync(JobRecord job, Func<CancellationToken, Task<Stream>> open, CancellationToken cancellationToken)
    {
        await using var stream = await open(cancellationToken);
        var reader = ContactReaders.Open(stream, Enum.Parse<InputFormat>(job.InputFormat), InputBatches.ReaderOptions(job.InputSheet));
        var pending = new List<BatchMessage>(SendChunk);
        var pendingRows = 0;
        var sent = 0;
        var planner = new BatchPlanner(options.BatchSize, options.MaxBatchBytes);

        // A CSV list's rows go out as the JSON written while it was parsed, with no string per value (issue 13).
        var batches = reader is CsvContactReader csv
            ? planner.PlanAsync(csv.ReadBatchRowsAsync(cancellationToken), cancellationToken)
            : planner.PlanAsync(reader.ReadAsync(cancellationToken), cancellationToken);
        await foreach (var batch in batches)
        {
            pending.Add(await ToMessageAsync(job, batch, cancellationToken));
            pendingRows += batch.Rows.Count;
            if (pending.Count == SendChunk || pendingRows >= SendChunkRows)
            {
                await queue.SendAsync(pending, cancellationToken);
                sent += pending.Count;
                pending.Clear();
                pendingRows = 0;
            }
        }

        if (pending.Count > 0)
        {
            await queue.SendAsync(pending, cancellationToken);
            sent += pending.Count;
        }

        return sent;
    }

    private async Task<BatchMessage> ToMessageAsync(JobRecord job, PlannedBatch batch, CancellationToken cancellationToken)
    {
        if (!batch.Oversized)
        {
            return new BatchMessage(job.JobId, job.Attempt, batch.Index, batch.Rows);
        }

        var key = JobKeys.Payload(job.JobId, batch.Index);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(batch.Rows.ToList(), EnrichmentJsonContext.Default.ListBatchRow);
        await store.PutAsync(key, bytes, "application/json", cancellationToken);
        return new BatchMessage(job.JobId, job.Attempt, batch.Index, Rows: null, PayloadKey: key);
    }
}
