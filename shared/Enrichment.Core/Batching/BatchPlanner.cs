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
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchBytes, 16);
        _batchSize = batchSize;
        _maxBatchBytes = maxBatchBytes;
    }

    public async IAsyncEnumerable<PlannedBatch> PlanAsync(
        IAsyncEnumerable<InputRecord> records,
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
        long bytes = 2;
        var index = 0;

        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var row = new BatchRow(record.Row, record.Values);
            var rowBytes = Measure(row, buffer, writer);

            // "[" + row + "]": a record that cannot fit even alone goes out alone, flagged.
            if (rowBytes + 2 > _maxBatchBytes)
            {
                if (rows.Count > 0)
                {
                    yield return new PlannedBatch(index++, rows, bytes, Oversized: false);
                    rows = new List<BatchRow>(_batchSize);
                    bytes = 2;
                }

                yield return new PlannedBatch(index++, [row], rowBytes + 2, Oversized: true);
                continue;
            }

            var grown = bytes + rowBytes + (rows.Count > 0 ? 1 : 0);
            if (rows.Count == _batchSize || grown > _maxBatchBytes)
            {
                yield return new PlannedBatch(index++, rows, bytes, Oversized: false);
                rows = new List<BatchRow>(_batchSize);
                grown = 2 + rowBytes;
            }

            rows.Add(row);
            bytes = grown;
        }

        if (rows.Count > 0)
        {
            yield return new PlannedBatch(index, rows, bytes, Oversized: false);
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
