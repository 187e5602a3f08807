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
    /// <param name="fingerprint">Hash the list (<see cref="ScanResult.ContentHash"/>, for an idempotency key's check); else the hash is empty.</param>
    public static async Task<Outcome<ScanResult>> ScanAsync(
        Func<CancellationToken, Task<Stream>> open,
        InputFormat format,
        string? sheet,
        EnrichmentOptions options,
        CancellationToken cancellationToken,
        Action<PlannedBatch, IReadOnlyList<string>>? onBatch = null,
        bool fingerprint = true)
    {
        try
        {
            return await ReadThroughAsync(open, format, sheet, options, onBatch, fingerprint, cancellationToken);
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
        bool fingerprint,
        CancellationToken cancellationToken)
    {
        int preamble;
        await using (var probe = await open(cancellationToken))
        {
            // UTF-16 read as UTF-8 would pass as NUL-laden text: look at the first bytes before reading.
            var head = new byte[3];
            var length = await probe.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
            if (InputLimits.Utf16Problem(head.AsSpan(0, Math.Min(length, 2)), format) is { } encoding)
            {
                throw new InputFormatException(encoding, 1, 1);
            }

            preamble = Preamble(head.AsSpan(0, length));
        }

        await using var stream = await open(cancellationToken);
        await using var hashing = new HashingReadStream(stream, hash: fingerprint);
        var reader = ContactReaders.Open(hashing, format, InputBatches.ReaderOptions(sheet));
        long records = 0;
        long messageBytes = 0;
        var batches = 0;
        var oversized = 0;
        List<RowSize>? starts = null;
        if (reader is CsvContactReader csv && onBatch is null)
        {
            // Only the counts are wanted: batches cut from the rows' sizes, no value made a string.
            starts = [];
            (records, batches, messageBytes, oversized) = await CountAsync(csv.ReadRowSizesAsync(cancellationToken), new BatchBounds(options.BatchSize, options.MaxBatchBytes), starts);
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
        var ranges = starts is not null && reader is CsvContactReader { Delimiter: { } delimiter } && preamble >= 0
            ? Ranges(starts, preamble, records, hashing.BytesRead, delimiter)
            : null;
        return new ScanResult(columns, records, batches, hash, hashing.BytesRead, messageBytes, oversized, ranges);
    }

    /// <summary>
    /// The bytes a UTF-8 byte order mark takes at the list's start (the reader takes it off), or -1
    /// for a list the reader decodes from another encoding, whose text's offsets are not its bytes'.
    /// </summary>
    private static int Preamble(ReadOnlySpan<byte> head) => head switch
    {
        [0xEF, 0xBB, 0xBF, ..] => 3,
        [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..] => -1,
        _ => 0,
    };

    /// <summary>
    /// Each batch as the byte range of its records, from the batches' first records: a range runs to the
    /// next batch's first record (the last to the list's end). Null when a range is too long to send.
    /// </summary>
    private static List<InputRange>? Ranges(List<RowSize> starts, int preamble, long records, long listBytes, char delimiter)
    {
        var ranges = new List<InputRange>(starts.Count);
        for (var i = 0; i < starts.Count; i++)
        {
            var (row, offset, _) = starts[i];
            var (endRow, endOffset) = i + 1 < starts.Count ? (starts[i + 1].Row, preamble + starts[i + 1].Offset) : (records + 1, listBytes);
            var length = endOffset - (preamble + offset);
            if (length > InputRange.MaxLength)
            {
                return null;
            }

            ranges.Add(new InputRange(preamble + offset, (int)length, row, (int)(endRow - row), delimiter));
        }

        return ranges;
    }

    /// <summary>What <see cref="BatchPlanner"/> would cut from rows of these sizes: records, batches, their bytes, the oversized.</summary>
    /// <param name="starts">Given each batch's first record, in order.</param>
    private static async Task<(long Records, int Batches, long MessageBytes, int Oversized)> CountAsync(IAsyncEnumerable<RowSize> rowSizes, BatchBounds bounds, List<RowSize> starts)
    {
        long records = 0;
        long messageBytes = 0;
        var batches = 0;
        var oversized = 0;
        await foreach (var size in rowSizes)
        {
            var rowBytes = size.JsonBytes;
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
                starts.Add(size);
                batches++;
                messageBytes += rowBytes + 2;
                oversized++;
            }
            else
            {
                if (bounds.Rows == 0)
                {
                    starts.Add(size);
                }

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
/// <param name="Ranges">Each batch as a byte range of the list (a CSV list in UTF-8), else null: its batches carry their rows.</param>
internal sealed record ScanResult(
    IReadOnlyList<string> Columns,
    long Records,
    int Batches,
    byte[] ContentHash,
    long ListBytes = 0,
    long MessageBytes = 0,
    int Oversized = 0,
    IReadOnlyList<InputRange>? Ranges = null);
