using Enrichment.Core.Batching;
using Enrichment.Core.Configuration;
using Enrichment.Core.Input;

namespace Enrichment.Core.Services;

/// <summary>
/// The validation pass over a list, read once and streamed: encoding, format, records, batches,
/// contact columns. A job's split and the cost estimate both run this one, so the estimate accepts
/// and refuses exactly what a job would (same messages).
/// </summary>
public static class ListScan
{
    /// <param name="onBatch">Shown each planned batch with the columns known so far (an estimate counts from them); null for none.</param>
    public static async Task<ListScanResult> ScanAsync(
        Func<CancellationToken, Task<Stream>> open,
        InputFormat format,
        string? sheet,
        EnrichmentOptions options,
        Action<PlannedBatch, IReadOnlyList<string>>? onBatch,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(options);
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
        await foreach (var batch in new BatchPlanner(options.BatchSize, options.MaxBatchBytes).PlanAsync(reader.ReadAsync(cancellationToken), cancellationToken))
        {
            records += batch.Rows.Count;
            batches++;
            messageBytes += batch.SerializedBytes;
            oversized += batch.Oversized ? 1 : 0;
            onBatch?.Invoke(batch, reader.Columns);
        }

        if (records == 0)
        {
            throw new RequestException("the list has no records");
        }

        var columns = reader.Columns.ToArray();
        if (!ColumnMap.Create(columns).HasAnyContactColumn)
        {
            throw new RequestException("no contact columns found: expected fields such as email, phone, first name, last name, company or country");
        }

        var hash = await hashing.FinishAsync(cancellationToken);
        return new ListScanResult(columns, records, batches, hash, hashing.BytesRead, messageBytes, oversized);
    }
}
