using System.Buffers;
using System.Runtime.CompilerServices;

namespace Enrichment.Core.Batching;

/// <summary>
/// Cuts a record stream into batches of at most <c>batchSize</c> records and at most
/// <c>maxBatchBytes</c> bytes of serialized rows. Sizes are measured, not estimated: each row is
/// serialized once through the product's serializer context into a reused buffer, and a batch's
/// size is the sum of its rows plus the array's brackets and commas, which is exactly what
/// serializing the batch's rows as a list produces.
/// </summary>
public sealed class BatchPlanner
{
    private readonly int _batchSize;
    private readonly int _maxBatchBytes;

    public BatchPlanner(int batchSize, int maxBatchBytes)
    {
        // Checks the bounds now, not at the first row.
        _ = new BatchBounds(batchSize, maxBatchBytes);
        _batchSize = batchSize;
        _maxBatchBytes = maxBatchBytes;
    }

    public IAsyncEnumerable<PlannedBatch> PlanAsync(IAsyncEnumerable<InputRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        return PlanAsync(RowsOf(records, cancellationToken), cancellationToken);
    }

    /// <summary>The batches of rows as they are (a row that carries its JSON is not serialized again to be measured).</summary>
    public async IAsyncEnumerable<PlannedBatch> PlanAsync(
        IAsyncEnumerable<BatchRow> records,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        var buffer = new ArrayBufferWriter<byte>(4096);
        // The writer's options decide escaping when serializing into it: take the context's.
        var options = EnrichmentJsonContext.Default.Options;
        using var writer = new Utf8JsonWriter(
            buffer,
            new JsonWriterOptions { Encoder = options.Encoder, Indented = options.WriteIndented, SkipValidation = true });
        var rows = new List<BatchRow>(_batchSize);
        var bounds = new BatchBounds(_batchSize, _maxBatchBytes);
        var index = 0;

        await foreach (var row in records.WithCancellation(cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rowBytes = row.Json?.Length ?? Measure(row, buffer, writer);
            var place = bounds.Place(rowBytes);
            if (place != RowPlace.Open && bounds.Rows > 0)
            {
                yield return new PlannedBatch(index++, rows, bounds.Bytes, Oversized: false);
                rows = new List<BatchRow>(_batchSize);
                bounds.Close();
            }

            if (place == RowPlace.Alone)
            {
                yield return new PlannedBatch(index++, [row], rowBytes + 2, Oversized: true);
                continue;
            }

            rows.Add(row);
            bounds.Add(rowBytes);
        }

        if (rows.Count > 0)
        {
            yield return new PlannedBatch(index, rows, bounds.Bytes, Oversized: false);
        }
    }

    private static async IAsyncEnumerable<BatchRow> RowsOf(IAsyncEnumerable<InputRecord> records, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            yield return new BatchRow(record.Row, record.Values);
        }
    }

    private static long Measure(BatchRow row, ArrayBufferWriter<byte> buffer, Utf8JsonWriter writer)
    {
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        JsonSerializer.Serialize(writer, row, EnrichmentJsonContext.Default.BatchRow);
        writer.Flush();
        return buffer.WrittenCount;
    }
}
