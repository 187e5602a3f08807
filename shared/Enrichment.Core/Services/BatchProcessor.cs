using System.Buffers;

namespace Enrichment.Core.Services;

/// <summary>
/// The worker's service: enriches one batch, writes its part, and counts it exactly once. A bad
/// record becomes an error row; only infrastructure faults fail the batch (and so get redelivered).
/// A retry of a done batch re-runs only its error rows into a new part. Every run writes a part of its
/// own and the commit names the one that counts, so a late or duplicate run never overwrites the rows
/// behind the counters and the output.
/// </summary>
public sealed class BatchProcessor(IControlTable table, IObjectStore store, ProviderFactory providers, IUsageTallyAccessor tallies, IProviderAnswerCache? answers = null)
{
    private readonly RecordPool _records = new();

    /// <param name="deadline">When the invocation is stopped (null: never); the providers keep their calls before it.</param>
    /// <param name="enriched">
    /// Called once the batch's records are enriched and its part is built, before the commit (the
    /// part's write, then the count): the worker starts its next batch then, and not before, so
    /// that batch's providers find this one's answers cached.
    /// </param>
    public async Task<BatchOutcome> ProcessAsync(BatchMessage message, DateTimeOffset? deadline, CancellationToken cancellationToken, Action? enriched = null)
    {
        var job = await table.GetJobAsync(message.JobId, cancellationToken);
        if (job is null || message.Attempt > job.Attempt)
        {
            return new BatchOutcome(BatchDisposition.Dropped);
        }

        return message.ErrorsOnly
            ? await RerunErrorsAsync(job, message, deadline, enriched, cancellationToken)
            : await ProcessRowsAsync(job, message, deadline, enriched, cancellationToken);
    }

    /// <summary>
    /// Records a batch as failed and keeps its rows (for the output's error rows and for retry).
    /// Used on the last allowed receive and by the dead-letter path; counting is exactly once either way.
    /// </summary>
    public async Task<BatchOutcome> RecordFailureAsync(BatchMessage message, string reason, CancellationToken cancellationToken)
    {
        var job = await table.GetJobAsync(message.JobId, cancellationToken);
        if (job is null)
        {
            return new BatchOutcome(BatchDisposition.Dropped);
        }

        if (message.ErrorsOnly)
        {
            // The batch stays done with its part as it was: only the retry's attempt is counted.
            var kept = BatchResult.Failed(message.BatchIndex, reason, message.Attempt);
            return new BatchOutcome(BatchDisposition.RecordedFailed, await table.CommitBatchAsync(message.JobId, kept, cancellationToken));
        }

        IReadOnlyList<BatchRow> rows;
        try
        {
            rows = await LoadRowsAsync(job, message, cancellationToken);
        }
        catch (InvalidDataException)
        {
            // The rows are gone (an expired claim-check payload): still count the batch, or the job never ends.
            rows = [];
            reason += "; its rows could not be read";
        }

        var failed = new FailedBatch(message.JobId, message.BatchIndex, reason, rows);
        await store.PutAsync(
            JobKeys.Failed(message.JobId, message.BatchIndex),
            JsonSerializer.SerializeToUtf8Bytes(failed, EnrichmentJsonContext.Default.FailedBatch),
            "application/json",
            cancellationToken);
        var result = BatchResult.Failed(message.BatchIndex, reason, message.Attempt, rows.Count);
        var commit = await table.CommitBatchAsync(message.JobId, result, cancellationToken);
        return new BatchOutcome(BatchDisposition.RecordedFailed, commit, rows.Count);
    }

    private async Task<BatchOutcome> ProcessRowsAsync(JobRecord job, BatchMessage message, DateTimeOffset? deadline, Action? enriched, CancellationToken cancellationToken)
    {
        var rows = await LoadRowsAsync(job, message, cancellationToken);
        var map = ColumnMap.Create(job.Columns);
        var records = _records.Rent(rows.Count);

        // Only the columns a contact field reads become strings (issue 13: the rest go into the part
        // as the UTF-8 they were read as); the others stay null in the reused row, as Map skips them.
        var wanted = map.MappedColumns();
        var values = new string?[job.Columns.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i].ReadValues(wanted, values);
            RecordPool.Assign(records[i], rows[i].Row, map, values);
            Array.Clear(values);
        }

        var (chain, columns) = ChainOf(job);
        var run = NewRun(job, deadline);
        await chain.RunAsync(records, run, cancellationToken);

        // Each record goes into the part from its message row and one reused row of enrichment values.
        using var part = new PartWriter(rows.Count);
        var enrichment = new string?[columns.Count];
        var status = StatusColumn(columns);
        var counts = new StatusCounts();
        for (var i = 0; i < rows.Count; i++)
        {
            EnrichmentValues.Fill(records[i], columns, enrichment);
            counts.Add(enrichment[status]);
            part.Add(rows[i], enrichment);
        }

        // The part holds the values now; on a failure above the records are dropped, not reused.
        _records.Return(records);
        enriched?.Invoke();
        return await CommitAsync(job, message, part, counts, run, cancellationToken);
    }

    private async Task<BatchOutcome> RerunErrorsAsync(JobRecord job, BatchMessage message, DateTimeOffset? deadline, Action? enriched, CancellationToken cancellationToken)
    {
        var entry = await table.GetBatchAsync(job.JobId, message.BatchIndex, cancellationToken);
        if (entry is null || entry.Status != BatchStatus.Done || entry.Attempt >= message.Attempt)
        {
            // Already revised by an earlier delivery of this message (or not a done batch at all).
            return new BatchOutcome(BatchDisposition.Processed, CommitOutcome.AlreadyCounted);
        }

        var (chain, columns) = ChainOf(job);
        var parts = await LoadPartAsync(job.JobId, message.BatchIndex, entry.PartId, cancellationToken);
        var status = StatusColumn(columns);
        var map = ColumnMap.Create(job.Columns);
        var rerun = new List<(int Index, ContactRecord Record)>();
        for (var i = 0; i < parts.Count; i++)
        {
            if (parts[i].Enrichment.Length == columns.Count && parts[i].Enrichment[status] == EnrichmentValues.StatusName(RecordStatus.Error))
            {
                rerun.Add((i, new ContactRecord(parts[i].Row, map.Map(parts[i].Values))));
            }
        }

        var run = NewRun(job, deadline);
        await chain.RunAsync([.. rerun.Select(r => r.Record)], run, cancellationToken);
        foreach (var (index, record) in rerun)
        {
            parts[index] = parts[index] with { Enrichment = EnrichmentValues.ToArray(record, columns) };
        }

        using var part = new PartWriter(parts.Count);
        var counts = new StatusCounts();
        foreach (var record in parts)
        {
            counts.Add(record.Enrichment[status]);
            part.Add(record);
        }

        enriched?.Invoke();
        return await CommitAsync(job, message, part, counts, run, cancellationToken);
    }

    private ProviderRun NewRun(JobRecord job, DateTimeOffset? deadline) => new(job.JobId, answers, job.ExpiresAt) { Deadline = deadline };

    private async Task<BatchOutcome> CommitAsync(
        JobRecord job,
        BatchMessage message,
        PartWriter part,
        StatusCounts counts,
        ProviderRun run,
        CancellationToken cancellationToken)
    {
        var partId = JobKeys.NewPartId(message.Attempt);
        await part.PutAsync(store, JobKeys.Part(job.JobId, message.BatchIndex, partId), cancellationToken);

        var counters = new Dictionary<string, long>(run.Usage.Snapshot(), StringComparer.Ordinal);
        if (tallies.Current is { } usage)
        {
            // The batch's requests counted at the ports, its measured duration, and the commit that
            // carries them (derived: it is made after this count).
            var counted = usage.Total + usage.Measured() + new AwsUsage { DynamoDbReadUnits = RequestUnits.CommitReadUnits, DynamoDbWriteUnits = RequestUnits.CommitWriteUnits };
            foreach (var (name, value) in counted.ToCounters())
            {
                counters[name] = value;
            }
        }

        var result = new BatchResult(
            message.BatchIndex, BatchStatus.Done, part.Count, (int)counts.Ok, (int)counts.Invalid, (int)counts.Error, Reason: null, message.Attempt, counters, partId);
        var commit = await table.CommitBatchAsync(job.JobId, result, cancellationToken);
        return new BatchOutcome(BatchDisposition.Processed, commit, part.Count);
    }

    private async Task<IReadOnlyList<BatchRow>> LoadRowsAsync(JobRecord job, BatchMessage message, CancellationToken cancellationToken)
    {
        if (message.Rows is { } inline)
        {
            return inline;
        }

        if (message.Range is { } range)
        {
            return await LoadRangeAsync(job, message.BatchIndex, range, cancellationToken);
        }

        if (message.PayloadKey is null)
        {
            throw new InvalidDataException($"batch {message.BatchIndex} of job {message.JobId} has neither rows nor a payload");
        }

        await using var stream = await store.OpenReadAsync(message.PayloadKey, cancellationToken)
            ?? throw new InvalidDataException($"payload of batch {message.BatchIndex} of job {message.JobId} is missing");
        return await JsonSerializer.DeserializeAsync(stream, EnrichmentJsonContext.Default.ListBatchRow, cancellationToken)
            ?? throw new InvalidDataException($"payload of batch {message.BatchIndex} of job {message.JobId} is empty");
    }

    /// <summary>
    /// The batch's records read from its range of the job's kept list. A range that reads short or
    /// parses to another count means the list changed after the split validated it: the batch fails
    /// rather than enriching other rows.
    /// </summary>
    private async Task<IReadOnlyList<BatchRow>> LoadRangeAsync(JobRecord job, int batchIndex, InputRange range, CancellationToken cancellationToken)
    {
        var what = $"batch {batchIndex} of job {job.JobId}";
        if (job.InputKey is not { } key || range.Length is < 0 or > InputRange.MaxLength)
        {
            throw new InvalidDataException($"{what} names a range of a list the job did not keep");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(range.Length);
        try
        {
            var bytes = buffer.AsMemory(0, range.Length);
            var read = await store.ReadRangeAsync(key, range.Offset, bytes, cancellationToken)
                ?? throw new InvalidDataException($"the kept list of {what} is missing");
            if (read != range.Length)
            {
                throw new InvalidDataException($"the kept list ends inside the range of {what}: it changed after the split");
            }

            var rows = await CsvRangeReader.ReadRowsAsync(bytes, range.Delimiter, job.Columns.Count, range.FirstRow, ContactReaderOptions.Default, cancellationToken);
            return rows.Count == range.Rows
                ? rows
                : throw new InvalidDataException($"the range of {what} holds {rows.Count} records instead of {range.Rows}: the list changed after the split");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<List<PartRecord>> LoadPartAsync(string jobId, int batchIndex, string? partId, CancellationToken cancellationToken)
    {
        var parts = new List<PartRecord>();
        await foreach (var record in PartFile.ReadAsync(store, JobKeys.Part(jobId, batchIndex, partId), $"part of batch {batchIndex} of job {jobId}", cancellationToken))
        {
            parts.Add(record);
        }

        return parts;
    }

    /// <summary>The job's chain, and the columns its parts are written in: the job's own, fixed at split time.</summary>
    private (ProviderChain Chain, IReadOnlyList<string> Columns) ChainOf(JobRecord job)
    {
        var chain = providers.CreateChain(job.Providers);
        return (chain, job.EnrichmentColumns ?? chain.Columns);
    }

    /// <summary>Every chain starts with the standard columns, record_status among them.</summary>
    private static int StatusColumn(IReadOnlyList<string> columns) => OutputColumns.IndexOf(columns, OutputColumns.RecordStatus) is var index and >= 0
        ? index
        : throw new InvalidOperationException("the chain has no record_status column");
}
