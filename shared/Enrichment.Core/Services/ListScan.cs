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
internal static partial class ListScan
{
    /// <param name="onBatch">Shown each planned batch with the list's columns known so far; null for none.</param>
    /// <param name="fingerprint">Hash the list (<see cref="ScanResult.ContentHash"/>, for an idempotency key's check); else the hash is empty.</param>
    /// <param name="stored">Where the list is kept and its size, when it is: a large CSV list is then read in two halves at once.</param>
    public static async Task<Outcome<ScanResult>> ScanAsync(
        Func<CancellationToken, Task<Stream>> open,
        InputFormat format,
        string? sheet,
        EnrichmentOptions options,
        CancellationToken cancellationToken,
        Action<PlannedBatch, IReadOnlyList<string>>? onBatch = null,
        bool fingerprint = true,
        StoredList? stored = null)
    {
        try
        {
            return await ReadThroughAsync(open, format, sheet, options, onBatch, fingerprint, stored, cancellationToken);
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
        StoredList? stored,
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

        // Only the counts are wanted, no hash, and the machine has a second core to read the second half on.
        if (stored is { Size: >= HalvesFrom } && format == InputFormat.Csv && sheet is null && onBatch is null && !fingerprint && preamble >= 0 && Environment.ProcessorCount > 1
            && await ScanHalvesAsync(stored, new BatchBounds(options.BatchSize, options.MaxBatchBytes), preamble, cancellationToken) is { } halves)
        {
            var cut = halves.Cut;
            if (Checked(halves.Columns, cut.Records) is { } refusedHalves)
            {
                return refusedHalves;
            }

            return new ScanResult([.. halves.Columns], cut.Records, cut.Batches, [], stored.Size, cut.MessageBytes, cut.Oversized, Ranges(cut.Starts, preamble, cut.Records, stored.Size, halves.Delimiter));
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
            var cut = new BatchCut(new BatchBounds(options.BatchSize, options.MaxBatchBytes));
            await foreach (var size in csv.ReadRowSizesAsync(cancellationToken))
            {
                cut.Add(size);
            }

            cut.Finish();
            (records, batches, messageBytes, oversized, starts) = (cut.Records, cut.Batches, cut.MessageBytes, cut.Oversized, cut.Starts);
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

        var columns = reader.Columns.ToArray();
        if (Checked(columns, records) is { } refused)
        {
            return refused;
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

    /// <summary>A refusal of a list the readers read through but no job can be made of; null for a good one.</summary>
    private static Refusal.Invalid? Checked(IReadOnlyList<string> columns, long records) =>
        records == 0 ? new Refusal.Invalid("the list has no records")
        : !ColumnMap.Create(columns).HasAnyContactColumn ? new Refusal.Invalid("no contact columns found: expected fields such as email, phone, first name, last name, company or country")
        : null;
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
