using System.Diagnostics;
using Enrichment.Core.Output;
using Enrichment.Core.Providers;

namespace Enrichment.Local.Host.Cli;

/// <summary>
/// The floor the pipeline is measured against: the same reader, the same provider chain and the same
/// output writer over the same file, in one tight in-process loop on every core, with none of the
/// pipeline (no upload, queue, control table, parts, state machine or download). What the pipeline
/// spends beyond this is its own overhead.
/// </summary>
public static class BenchBaseline
{
    /// <summary>Batches enriched side by side before they are written in order; a few per core keeps every core busy.</summary>
    private const int BatchesPerCore = 4;

    public static async Task<BenchStats> RunAsync(string input, string outputPath, int batchSize, IReadOnlyList<string> providers, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var format = InputFormats.FromFileName(input) ?? throw new CliException($"cannot tell the format of {Path.GetFileName(input)}");
        var chain = new ProviderFactory().CreateChain(providers);
        var wave = Math.Max(1, Environment.ProcessorCount) * BatchesPerCore;

        // The worker's records are kept between batches (RecordPool); the floor makes them the same way.
        var pool = new RecordPool(wave + 1);
        long records = 0;

        await using (var source = new FileStream(input, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous))
        await using (var target = new FileStream(outputPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        {
            var reader = ContactReaders.Open(source, format);
            var writer = RecordWriters.Create(target, Path.GetExtension(outputPath) is ".jsonl" or ".ndjson" ? "jsonl" : "csv");
            await using (writer)
            {
                ColumnMap? map = null;
                var duplicates = new DuplicateTracker();
                var pending = new List<(List<InputRecord> Inputs, List<ContactRecord> Records)>(wave);
                var batch = (Inputs: new List<InputRecord>(batchSize), Records: pool.Rent(batchSize));
                await foreach (var record in reader.ReadAsync(cancellationToken))
                {
                    if (map is null)
                    {
                        // The benchmark's lists are CSV, whose columns are all known by the first record.
                        map = ColumnMap.Create(reader.Columns);
                        await writer.WriteHeaderAsync([.. reader.Columns, .. chain.Columns], cancellationToken);
                    }

                    RecordPool.Assign(batch.Records[batch.Inputs.Count], record.Row, map, record.Values);
                    batch.Inputs.Add(record);
                    records++;
                    if (batch.Inputs.Count == batchSize)
                    {
                        pending.Add(batch);
                        batch = (new List<InputRecord>(batchSize), pool.Rent(batchSize));
                        if (pending.Count == wave)
                        {
                            await EnrichAndWriteAsync(pending, chain, writer, duplicates, reader.Columns.Count, cancellationToken);
                            ReturnAll(pending, pool);
                        }
                    }
                }

                if (batch.Inputs.Count > 0)
                {
                    batch.Records.RemoveRange(batch.Inputs.Count, batch.Records.Count - batch.Inputs.Count);
                    pending.Add(batch);
                }

                await EnrichAndWriteAsync(pending, chain, writer, duplicates, reader.Columns.Count, cancellationToken);
            }
        }

        clock.Stop();
        return BenchStats.ForThisProcess(records, clock.Elapsed.TotalSeconds, stages: null);
    }

    private static void ReturnAll(List<(List<InputRecord> Inputs, List<ContactRecord> Records)> batches, RecordPool pool)
    {
        foreach (var (_, records) in batches)
        {
            pool.Return(records);
        }

        batches.Clear();
    }

    private static async Task EnrichAndWriteAsync(
        List<(List<InputRecord> Inputs, List<ContactRecord> Records)> batches,
        ProviderChain chain,
        IRecordWriter writer,
        DuplicateTracker duplicates,
        int inputColumns,
        CancellationToken cancellationToken)
    {
        await Task.WhenAll(batches.Select(b => Task.Run(() => chain.RunAsync(b.Records, cancellationToken).AsTask(), cancellationToken)));
        var row = new string?[inputColumns + chain.Columns.Count];
        var duplicateColumns = DuplicateColumns.For(chain.Columns);
        foreach (var (inputs, records) in batches)
        {
            for (var i = 0; i < inputs.Count; i++)
            {
                var (input, record) = (inputs[i], records[i]);
                Array.Clear(row);
                input.Values.CopyTo(row, 0);
                EnrichmentValues.Fill(record, chain.Columns, row.AsSpan(inputColumns));
                // The aggregate's one piece of enrichment: it needs every earlier row, so it is done here in write order.
                duplicateColumns.Apply(duplicates, row.AsSpan(inputColumns), record.Row);

                await writer.WriteRowAsync(row, cancellationToken);
            }
        }
    }
}
