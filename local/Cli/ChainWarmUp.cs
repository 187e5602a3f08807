using Enrichment.Core.Configuration;
using Enrichment.Core.Providers;

namespace Enrichment.Local.Host.Cli;

/// <summary>
/// Runs the job's offline providers over the list's first rows on a thread of its own while the
/// split scans the uploaded list (one core's work, by rule before any job exists): the workers then
/// find the chain compiled and libphonenumber's metadata, geocoder, carrier and time-zone data of
/// the list's countries loaded, where each of them paid for it in its first batch, one waiting on
/// the other's type initializer. Its records are thrown away: fresh provider instances, no job, no
/// log line, no counter; the caches it fills (libphonenumber's, the email domains') answer the same
/// whoever fills them, and would be filled by the same rows a moment later.
/// </summary>
internal static class ChainWarmUp
{
    /// <summary>Rows read from the list's head: enough to meet its countries, few enough to cost nothing.</summary>
    public const int MaxRecords = 200;

    /// <summary>Bytes read from the list's head, so a list of one huge row costs no more.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>
    /// Starts the warm-up on a background thread (not the pool's, which the pipeline's work uses);
    /// the caller joins it (it is bounded) so nothing outlives the command. An .xlsx list is not read:
    /// its head is a zip's directory and shared strings, not its first rows.
    /// </summary>
    public static Thread? Start(string inputPath, IReadOnlyList<string>? providers)
    {
        if (InputFormats.FromFileName(inputPath) is not { } format || format == InputFormat.Xlsx)
        {
            return null;
        }

        // mx and http providers are left out: they would ask the network, and share breakers and counters with the job.
        var chain = ProviderFactory.OfflineChain(providers ?? new EnrichmentOptions().DefaultProviders);
        if (chain is null)
        {
            return null;
        }

        var thread = new Thread(() => Run(inputPath, format, chain)) { IsBackground = true, Name = "chain warm-up" };
        thread.Start();
        return thread;
    }

    /// <summary>How many records it enriched (0 when the head could not be read: the split will say why, not this).</summary>
    internal static int Run(string inputPath, InputFormat format, ProviderChain chain)
    {
        try
        {
            var head = new byte[MaxBytes];
            int length;
            using (var file = new FileStream(inputPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1))
            {
                length = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            }

            // A MemoryStream completes every read at once, so the async readers run through on this thread.
            using var stream = new MemoryStream(head, 0, length, writable: false);
            var records = ReadHead(ContactReaders.Open(stream, format));
            chain.RunAsync(records, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            return records.Count;
        }
#pragma warning disable CA1031 // A warm-up that fails only leaves the work to the workers; the job's own reading reports the list's problems.
        catch (Exception)
#pragma warning restore CA1031
        {
            return 0;
        }
    }

    private static List<ContactRecord> ReadHead(IContactReader reader)
    {
        List<InputRecord> rows = [];
        try
        {
            var enumerator = reader.ReadAsync(CancellationToken.None).GetAsyncEnumerator();
            try
            {
                while (rows.Count < MaxRecords && enumerator.MoveNextAsync().AsTask().GetAwaiter().GetResult())
                {
                    rows.Add(enumerator.Current);
                }
            }
            finally
            {
                // The reader's pooled buffers go back.
                enumerator.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
        catch (InputFormatException)
        {
            // The head cut mid-row (or a list the split will refuse): the rows before it are enough.
        }

        var map = ColumnMap.Create(reader.Columns);
        return [.. rows.Select(row => new ContactRecord(row.Row, map.Map(row.Values)))];
    }
}
