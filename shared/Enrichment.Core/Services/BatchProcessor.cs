using System.Text.Json;
using Enrichment.Core.Batching;
using Enrichment.Core.Input;
using Enrichment.Core.Jobs;
using Enrichment.Core.Output;
using Enrichment.Core.Ports;
using Enrichment.Core.Providers;
using Enrichment.Core.Serialization;

namespace Enrichment.Core.Services;

/// <summary>
/// The worker's service: enriches one batch, writes its part, and counts it exactly once. A bad
/// record becomes an error row; only infrastructure faults fail the batch (and so get redelivered).
/// </summary>
public sealed class BatchProcessor(IControlTable table, IObjectStore store, ProviderFactory providers)
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public async Task<BatchOutcome> ProcessAsync(BatchMessage message, CancellationToken cancellationToken)
    {
        var job = await table.GetJobAsync(message.JobId, cancellationToken);
        if (job is null || message.Attempt > job.Attempt)
        {
            return new BatchOutcome(BatchDisposition.Dropped);
        }

        var rows = await LoadRowsAsync(message, cancellationToken);
        var map = ColumnMap.Create(job.Columns);
        var records = new List<ContactRecord>(rows.Count);
        foreach (var row in rows)
        {
            records.Add(new ContactRecord(row.Row, map.Map(row.Values)));
        }

        var chain = providers.CreateChain(job.Providers);
        await chain.RunAsync(records, cancellationToken);

        await WritePartAsync(job.JobId, message.BatchIndex, rows, records, chain.Columns, cancellationToken);

        var result = new BatchResult(
            message.BatchIndex,
            BatchStatus.Done,
            records.Count,
            records.Count(r => r.Status == RecordStatus.Ok),
            records.Count(r => r.Status == RecordStatus.Invalid),
            records.Count(r => r.Status == RecordStatus.Error),
            Reason: null);
        var commit = await table.CommitBatchAsync(job.JobId, result, cancellationToken);
        return new BatchOutcome(BatchDisposition.Processed, commit, records.Count);
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

        IReadOnlyList<BatchRow> rows;
        try
        {
            rows = await LoadRowsAsync(message, cancellationToken);
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
        var result = new BatchResult(message.BatchIndex, BatchStatus.Failed, rows.Count, 0, 0, 0, reason);
        var commit = await table.CommitBatchAsync(message.JobId, result, cancellationToken);
        return new BatchOutcome(BatchDisposition.RecordedFailed, commit, rows.Count);
    }

    private async Task<IReadOnlyList<BatchRow>> LoadRowsAsync(BatchMessage message, CancellationToken cancellationToken)
    {
        if (message.Rows is { } inline)
        {
            return inline;
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

    private async Task WritePartAsync(
        string jobId,
        int batchIndex,
        IReadOnlyList<BatchRow> rows,
        List<ContactRecord> records,
        IReadOnlyList<string> columns,
        CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        for (var i = 0; i < rows.Count; i++)
        {
            var part = new PartRecord(rows[i].Row, rows[i].Values, EnrichmentValues.ToArray(records[i], columns));
            JsonSerializer.Serialize(buffer, part, EnrichmentJsonContext.Default.PartRecord);
            buffer.Write(NewLine);
        }

        await store.PutAsync(JobKeys.Part(jobId, batchIndex), buffer.GetBuffer().AsMemory(0, (int)buffer.Length), "application/x-ndjson", cancellationToken);
    }
}
