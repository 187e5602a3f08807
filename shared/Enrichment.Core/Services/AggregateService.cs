namespace Enrichment.Core.Services;

/// <summary>
/// The aggregate task: streams every batch part, in input order, into one output object and a
/// summary, then finishes the job. Memory holds one part and the duplicate index, never the job.
/// </summary>
public sealed class AggregateService(IControlTable table, IObjectStore store, ProviderFactory providers, EnrichmentOptions options, TimeProvider time, IUsageTallyAccessor tallies)
{
    /// <summary>Parts parsed ahead of the writing (beyond the read-ahead's bytes): enough that neither thread waits on the other's part-to-part jitter.</summary>
    private const int ParsedAhead = 4;

    public async Task<AggregateOutput> AggregateAsync(AggregateInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var usage = tallies.Begin(time, options.Costs.MeasuredMemoryMb(options.Costs.Aggregate));
        var job = await table.GetJobAsync(input.JobId, cancellationToken);
        if (job is null)
        {
            return new AggregateOutput(input.JobId, "missing", null, 0, 0, 0, 0, 0);
        }

        if (input.FailureReason is { } reason)
        {
            return await FailAsync(job, $"the job's poller failed ({reason})", cancellationToken);
        }

        if (job.State.IsFinished() || job.Attempt != input.Attempt)
        {
            return Describe(job);
        }

        if (job.State != JobState.Aggregating)
        {
            var aggregating = job with { State = JobState.Aggregating, UpdatedAt = time.GetUtcNow() };
            if (!await table.TryUpdateJobAsync(aggregating, job.State, cancellationToken))
            {
                job = await table.GetJobAsync(input.JobId, cancellationToken) ?? job;
                if (job.State != JobState.Aggregating)
                {
                    return Describe(job);
                }
            }
            else
            {
                job = aggregating;
            }
        }

        var failed = await FailedBatchesAsync(job.JobId, cancellationToken);
        var enrichmentColumns = job.EnrichmentColumns ?? providers.CreateChain(job.Providers).Columns;
        var counts = new StatusCounts();
        var duplicates = new DuplicateTracker();
        var issues = new RecordIssueList();
        var outputKey = JobKeys.Output(job.JobId, job.Attempt, job.OutputFormat);
        await using (var upload = await store.StartUploadAsync(outputKey, OutputFormats.ContentType(job.OutputFormat), cancellationToken))
        {
            // The writer is flushed and let go before the upload completes (which closes the stream).
            await using (var writer = RecordWriters.Create(upload.Stream, job.OutputFormat))
            {
                await WriteRowsAsync(job, writer, enrichmentColumns, failed, counts, duplicates, issues, cancellationToken);
            }

            await upload.CompleteAsync(cancellationToken);
        }

        var progress = await table.GetProgressAsync(job.JobId, cancellationToken);
        var now = time.GetUtcNow();
        var state = failed.Count > 0 || counts.Error > 0 ? JobState.CompletedWithErrors : JobState.Completed;
        var summaryKey = JobKeys.Summary(job.JobId, job.Attempt);
        var jobUsage = JobUsage(job, input, usage.Tally);
        var summary = new JobSummary(
            job.JobId,
            state.ToWire(),
            job.Attempt,
            counts.Total,
            counts.Ok,
            counts.Invalid,
            counts.Error,
            duplicates.Duplicates,
            job.TotalBatches,
            [.. failed.Values.OrderBy(f => f.BatchIndex)],
            [.. job.Columns, .. enrichmentColumns],
            job.CreatedAt,
            now,
            ProviderStatistics.FromCounters(progress.Counters),
            issues.ToList(),
            CountedCost.Of(jobUsage, progress.Counters, CountedCost.ChainOf(providers, job.Providers), options));
        await store.PutAsync(summaryKey, JsonSerializer.SerializeToUtf8Bytes(summary, EnrichmentJsonContext.Default.JobSummary), "application/json", cancellationToken);

        var error = failed.Count > 0 ? $"{failed.Count} batch(es) failed; their records are error rows and POST /jobs/{job.JobId}/retry runs them again" : null;
        var finished = job.Finished(state, error, now) with { OutputKey = outputKey, SummaryKey = summaryKey, Usage = jobUsage };
        await table.TryUpdateJobAsync(finished, JobState.Aggregating, cancellationToken);
        return new AggregateOutput(job.JobId, state.ToWire(), outputKey, counts.Total, counts.Ok, counts.Invalid, counts.Error, duplicates.Duplicates);
    }

    /// <summary>
    /// The job item's usage at the end: the split's, the poller's from the checks it counted, and
    /// this aggregation's counted requests and measured duration, with what follows the count
    /// (derived): its invocation, the summary's PUT (its size estimated) and the job's last update.
    /// </summary>
    private Dictionary<string, long> JobUsage(JobRecord job, AggregateInput input, UsageTally tally) =>
        (AwsUsage.FromCounters(job.Usage)
            + CountedCost.Poller((input.Generation * PollerLimits.MaxPollsPerExecution) + input.Polls, input.Generation, options.Costs)
            + tally.Total
            + tally.Measured()
            + new AwsUsage { LambdaRequests = 1, S3PutRequests = 1, S3StoredBytes = UsageEstimate.SummaryBytes, DynamoDbWriteUnits = RequestUnits.JobWriteUnits }).ToCounters();

    private async Task WriteRowsAsync(
        JobRecord job,
        IRecordWriter writer,
        IReadOnlyList<string> enrichmentColumns,
        Dictionary<int, FailedBatchSummary> failed,
        StatusCounts counts,
        DuplicateTracker duplicates,
        RecordIssueList issues,
        CancellationToken cancellationToken)
    {
        await writer.WriteHeaderAsync([.. job.Columns, .. enrichmentColumns], cancellationToken);
        var inputColumns = job.Columns.Count;
        var line = new string?[inputColumns + enrichmentColumns.Count];
        var rules = new OutputRowRules(inputColumns, enrichmentColumns, counts, duplicates, issues);

        await using var failedRows = new FailedBatchRows(job, store, options);
        var parts = OrderedParts.ReadAsync(table, store, job, failed, options.AggregateReadAhead, cancellationToken);

        // CSV is encoded where it is parsed, on another thread, a few parts ahead: this one, the
        // aggregate's critical path, only checks the rows in input order (duplicates, counts, issues)
        // and copies their bytes (issue 13: the guard and the encoding were ~1,500 of its ~2,800 samples
        // on the 1,000,000-row job, and the parsing thread had slack).
        if (writer is CsvRecordWriter csv)
        {
            var encoded = new EncodedPartWriter(csv, rules, enrichmentColumns.Count);
            await using var parsed = ParsedParts.StartEncodingCsv(parts, line.Length, inputColumns, ParsedAhead, rules, cancellationToken);
            while (await parsed.NextAsync(cancellationToken) is { } part)
            {
                if (part.Failed)
                {
                    await WriteFailedRowsAsync(part.Batch, writer, line, rules, failed, failedRows, enrichmentColumns, cancellationToken);
                }
                else
                {
                    await encoded.WriteAsync(part, cancellationToken);
                }

                parsed.Return(part);
            }
        }

        // Another writer that takes UTF-8 cells (JSON Lines) gets each part's values as the part holds
        // them, unescaped, with no string per value (issue 13: they were a fifth of a job's allocations),
        // parsed on another thread while this one checks and writes the rows before them.
        else if (writer is IUtf8RecordWriter utf8)
        {
            await using var parsed = ParsedParts.Start(parts, line.Length, inputColumns, ParsedAhead, cancellationToken);
            while (await parsed.NextAsync(cancellationToken) is { } part)
            {
                if (part.Failed)
                {
                    await WriteFailedRowsAsync(part.Batch, writer, line, rules, failed, failedRows, enrichmentColumns, cancellationToken);
                }

                for (var i = 0; i < part.Count; i++)
                {
                    var (cells, row, enrichmentCount) = part[i];
                    rules.Apply(cells, row, enrichmentCount);
                    await utf8.WriteRowAsync(cells, cancellationToken);
                }

                parsed.Return(part);
            }
        }
        else
        {
            await foreach (var (batch, part) in parts)
            {
                if (part is null)
                {
                    await WriteFailedRowsAsync(batch, writer, line, rules, failed, failedRows, enrichmentColumns, cancellationToken);
                    continue;
                }

                using (part)
                {
                    Array.Clear(line);
                    while (part.ReadInto(line.AsSpan(0, inputColumns), line.AsSpan(inputColumns), out var row, out var enrichmentCount))
                    {
                        rules.Apply(line, row, enrichmentCount);
                        await writer.WriteRowAsync(line, cancellationToken);
                        Array.Clear(line);
                    }
                }
            }
        }

        await writer.FlushAsync(cancellationToken);
    }

    private async Task<AggregateOutput> FailAsync(JobRecord job, string error, CancellationToken cancellationToken)
    {
        if (!job.State.IsFinished())
        {
            var now = time.GetUtcNow();
            var failed = job.Finished(JobState.Failed, error, now);
            await table.TryUpdateJobAsync(failed, job.State, cancellationToken);
            job = failed;
        }

        return Describe(job);
    }

    private async Task<Dictionary<int, FailedBatchSummary>> FailedBatchesAsync(string jobId, CancellationToken cancellationToken)
    {
        var failed = new Dictionary<int, FailedBatchSummary>();
        await foreach (var batch in table.ListBatchesAsync(jobId, cancellationToken))
        {
            if (batch.Status == BatchStatus.Failed)
            {
                failed[batch.BatchIndex] = new FailedBatchSummary(batch.BatchIndex, batch.Records, batch.Reason);
            }
        }

        return failed;
    }

    private static async Task WriteFailedRowsAsync(
        int batch,
        IRecordWriter writer,
        string?[] line,
        OutputRowRules rules,
        Dictionary<int, FailedBatchSummary> failed,
        FailedBatchRows failedRows,
        IReadOnlyList<string> enrichmentColumns,
        CancellationToken cancellationToken)
    {
        var inputColumns = line.Length - enrichmentColumns.Count;
        await foreach (var record in FailedRowsAsync(batch, failed[batch], failedRows, enrichmentColumns, cancellationToken))
        {
            Array.Clear(line);
            Array.Copy(record.Values, line, Math.Min(record.Values.Length, inputColumns));
            record.Enrichment.AsSpan(0, Math.Min(record.Enrichment.Length, enrichmentColumns.Count)).CopyTo(line.AsSpan(inputColumns));
            rules.Apply(line, record.Row, record.Enrichment.Length);
            await writer.WriteRowAsync(line, cancellationToken);
        }
    }

    /// <summary>
    /// A failed batch's input rows as error rows, kept by the worker that gave the batch up, else
    /// planned again from the kept list: every input row is in the output. Only a job made before
    /// lists were kept can lack both; its output then lacks that batch, as it always did.
    /// </summary>
    private static async IAsyncEnumerable<PartRecord> FailedRowsAsync(
        int batch,
        FailedBatchSummary failure,
        FailedBatchRows failedRows,
        IReadOnlyList<string> enrichmentColumns,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var row in await failedRows.RowsOfAsync(batch, failure.Records, cancellationToken) ?? [])
        {
            var enrichment = new string?[enrichmentColumns.Count];
            Set(enrichment, enrichmentColumns, OutputColumns.RecordStatus, "error");
            Set(enrichment, enrichmentColumns, OutputColumns.RecordErrors, $"batch_failed: {failure.Reason}");
            yield return new PartRecord(row.Row, row.Values, enrichment);
        }
    }

    private static void Set(string?[] values, IReadOnlyList<string> columns, string column, string value)
    {
        var index = OutputColumns.IndexOf(columns, column);
        if (index >= 0)
        {
            values[index] = value;
        }
    }


    /// <summary>A job this call did not aggregate: its state and output; the counts live in its summary.</summary>
    private static AggregateOutput Describe(JobRecord job) =>
        new(job.JobId, job.State.ToWire(), job.OutputKey, job.TotalRecords, 0, 0, 0, 0);
}
