using Enrichment.Core.Batching;
using Enrichment.Core.Configuration;
using Enrichment.Core.Input;

namespace Enrichment.Core.Services;

/// <summary>
/// The split's validation pass: the whole list read once, batched as the split will batch it, before
/// any job is made or sent. A list the readers refuse (their <see cref="InputFormatException"/>, with
/// line and column) comes back as a <see cref="Refusal"/>, so no caller of the split sees a reader's exception.
/// </summary>
internal static class ListScan
{
    public static async Task<Outcome<ScanResult>> ScanAsync(
        Func<CancellationToken, Task<Stream>> open,
        InputFormat format,
        string? sheet,
        EnrichmentOptions options,
        CancellationToken cancellationToken)
    {
        try
        {
            return await ReadThroughAsync(open, format, sheet, options, cancellationToken);
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
        var batches = 0;
        await foreach (var batch in new BatchPlanner(options.BatchSize, options.MaxBatchBytes).PlanAsync(reader.ReadAsync(cancellationToken), cancellationToken))
        {
            records += batch.Rows.Count;
            batches++;
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

        return new ScanResult(columns, records, batches, await hashing.FinishAsync(cancellationToken));
    }
}

/// <summary>What the validation pass learnt: the header, the counts, and the hash an idempotency key is checked against.</summary>
internal sealed record ScanResult(IReadOnlyList<string> Columns, long Records, int Batches, byte[] ContentHash);
