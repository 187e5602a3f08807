namespace Enrichment.Core.Services;

/// <summary>
/// The split's validation pass: the whole list read once, batched as the split will batch it, before
/// any job is made or sent. A list the readers refuse (their <see cref="InputFormatException"/>, with
/// line and column) comes back as a <see cref="Refusal"/>, so no caller of the split sees a reader's exception.
/// </summary>
/// <remarks>
/// The cost estimate runs this same pass (with <c>onBatch</c> counting what the job would ask), so
/// it accepts and refuses exactly what a job would, with the same messages.
/// </remarks>
internal static class ListScan
{
    /// <param name="onBatch">Shown each planned batch with the list's columns known so far; null for none.</param>
    public static async Task<Outcome<ScanResult>> ScanAsync(
        Func<CancellationToken, Task<Stream>> open,
        InputFormat format,
        string? sheet,
        EnrichmentOptions options,
        CancellationToken cancellationToken,
        Action<PlannedBatch, IReadOnlyList<string>>? onBatch = null)
    {
        try
        {
            return await ReadThroughAsync(open, format, sheet, options, onBatch, cancellationToken);
        }
        catch (InputFormatException ex)
        {
            // The readers' own messages: they say where, and never quote the list.
            return new Refusal.Invalid(ex.Message);
        }
    }

    private static async Task<Outcome<ScanResult>> ReadThroughAsync(
        Func<CancellationToken, Task<Stream>> open,
        InputFormat format,
        string? sheet,
        EnrichmentOptions options,
        Action<PlannedBatch, IReadOnlyList<string>>? onBatch,
        CancellationToken cancellationToken)
    {
        await using (var probe = await open(cancellationToken))
        {
            // UTF-16 read as UTF-8 would pass as NUL-laden text: look at the first bytes before reading.
            var head = new byte[2];
            var length = await probe.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
            if (InputLimits.Utf16Problem(head.AsSpan(0, length), format) is { } encoding)
            {
                throw new InputFormatException(encoding, 1, 1);
            }
        }

        await using var stream = await open(cancellationToken);
        await using var hashing = new HashingReadStream(stream);
        var reader = ContactReaders.Open(hashing, format, InputBatches.ReaderOptions(sheet));
        long records = 0;
        long messageBytes = 0;
        var batches = 0;
        var oversized = 0;
        if (reader is CsvContactReader csv && onBatch is null)
        {
            // Only the counts are wanted: batches cut from the rows' sizes, no value made a string.
            (records, batches, messageBytes, oversized) = await CountAsync(csv.ReadRowSizesAsync(cancellationToken), new BatchBounds(options.BatchSize, options.MaxBatchBytes));
        }
        else
        {
            await foreach (var batch in new BatchPlanner(options.BatchSize, options.MaxBatchBytes).PlanAsync(reader.ReadAsync(cancellationToken), cancellationToken))
            {
                records += batch.Rows.Count;
                batches++;
                messageBytes += batch.SerializedBytes;
                oversized += batch.Oversized ? 1 : 0;
                onBatch?.Invoke(batch, reader.Columns);
            }
        }

        if (records == 0)
        {
            return new Refusal.Invalid("the list has no records");
        }

        var columns = reader.Columns.ToArray();
        if (!ColumnMap.Create(columns).HasAnyContactColumn)
        {
            return new Refusal.Invalid("no contact columns found: expected fields such as email, phone, first name, last name, company or country");
        }

        var hash = await hashing.FinishAsync(cancellationToken);
        return new ScanResult(columns, records, batches, hash, hashing.BytesRead, messageBytes, oversized);
    }

    /// <summary>What <see cref="BatchPlanner"/> would cut from rows of these sizes: records, batches, their bytes, the oversized.</summary>
    private static async Task<(long Records, int Batches, long MessageBytes, int Oversized)> CountAsync(IAsyncEnumerable<long> rowSizes, BatchBounds bounds)
    {
        long records = 0;
        long messageBytes = 0;
        var batches = 0;
        var oversized = 0;
        await foreach (var rowBytes in rowSizes)
        {
            records++;
            var place = bounds.Place(rowBytes);
            if (place != RowPlace.Open && bounds.Rows > 0)
            {
                batches++;
                messageBytes += bounds.Bytes;
                bounds.Close();
            }

            if (place == RowPlace.Alone)
            {
                batches++;
                messageBytes += rowBytes + 2;
                oversized++;
            }
            else
            {
                bounds.Add(rowBytes);
            }
        }

        if (bounds.Rows > 0)
        {
            batches++;
            messageBytes += bounds.Bytes;
        }

        return (records, batches, messageBytes, oversized);
    }
}

/// <summary>
/// What the validation pass learnt: the header, the counts, the hash an idempotency key is checked
/// against, and for the cost estimate the list's size and what its batches weigh as messages.
/// </summary>
/// <param name="MessageBytes">The batches' rows as serialized into their messages, in all.</param>
/// <param name="Oversized">Batches of one record too big for a message, sent through the object store.</param>
internal sealed record ScanResult(IReadOnlyList<string> Columns, long Records, int Batches, byte[] ContentHash, long ListBytes = 0, long MessageBytes = 0, int Oversized = 0);
