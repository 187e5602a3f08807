namespace Enrichment.Core.Services;

/// <summary>
/// The validation pass over a stored CSV list's two halves at once (issue 13: the pass was about
/// 0.9 s of a 1,000,000-row job on one core, the other idle). The second half starts at the first
/// line break past the middle, read as records with the header's columns and delimiter, its rows
/// and offsets counted from there; the first half is read up to that point as the whole list would
/// be. When the first half ends there cleanly, the line break ended a record (one inside quotes
/// leaves the first half's last field unclosed, which it refuses), so the halves are the one pass's
/// records, and the second half's are renumbered after the first's and cut on by the same rule.
/// Any doubt, a refusal in either half included, goes back to one pass over the whole list, which
/// says it in the one way, with its line and column.
/// </summary>
internal static partial class ListScan
{
    /// <summary>Lists smaller than this are read in one pass: their pass is a few milliseconds.</summary>
    internal const long HalvesFrom = 8L * 1024 * 1024;

    /// <summary>How far past the middle a line break is looked for; a list with longer lines there is read in one pass.</summary>
    private const int MiddleWindow = 64 * 1024;

    /// <summary>The pass over two halves, or null for one pass over the whole list.</summary>
    private static async Task<HalvesScan?> ScanHalvesAsync(StoredList list, BatchBounds bounds, int preamble, CancellationToken cancellationToken)
    {
        if (await MiddleAsync(list, cancellationToken) is not { } middle)
        {
            return null;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<SecondHalf>? second = null;
        try
        {
            var cut = new BatchCut(bounds);
            await using var head = new StoredRangeStream(list.Store, list.Key, 0, middle);
            var reader = new CsvContactReader(head, InputBatches.ReaderOptions(null));
            await foreach (var size in reader.ReadRowSizesAsync(cancellationToken))
            {
                // The header is read before the first record: the second half starts once it is known.
                second ??= ReadSecondHalfAsync(list, middle, reader, stop.Token);
                cut.Add(size);
            }

            var tail = await (second ??= ReadSecondHalfAsync(list, middle, reader, stop.Token));
            var headRecords = cut.Records;
            for (var i = 0; i < tail.Count; i++)
            {
                var (offset, jsonBytes) = tail[i];
                var row = headRecords + i + 1;

                // The second half sized its rows' JSON with their numbers counted from its start.
                var size = jsonBytes - Digits(i + 1) + Digits(row);
                cut.Add(new RowSize(row, middle - preamble + offset, size));
            }

            cut.Finish();
            return new HalvesScan(reader.Columns, reader.Delimiter!.Value, cut);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        finally
        {
            await stop.CancelAsync();
            if (second is not null)
            {
                await second.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    /// <summary>
    /// Where the second half starts: just past the first line break after the middle. Null when there
    /// is none near it, or the object is not the size its event gave (a stretch must not end early).
    /// </summary>
    private static async Task<long?> MiddleAsync(StoredList list, CancellationToken cancellationToken)
    {
        var at = list.Size / 2;
        var window = new byte[(int)Math.Min(MiddleWindow, list.Size - at)];
        if (await list.Store.ReadRangeAsync(list.Key, at, window, cancellationToken) != window.Length
            || await list.Store.ReadRangeAsync(list.Key, list.Size, new byte[1], cancellationToken) != 0)
        {
            return null;
        }

        var lineBreak = window.AsSpan().IndexOf((byte)'\n');
        return lineBreak >= 0 && at + lineBreak + 1 < list.Size ? at + lineBreak + 1 : null;
    }

    private static Task<SecondHalf> ReadSecondHalfAsync(StoredList list, long middle, CsvContactReader head, CancellationToken cancellationToken)
    {
        var columns = head.Columns.ToArray();
        var delimiter = head.Delimiter!.Value;

        // On a thread of its own from the start: the first half goes on on this one.
        return Task.Run(
            async () =>
            {
                var half = new SecondHalf();
                await using var stream = new StoredRangeStream(list.Store, list.Key, middle, list.Size - middle);
                var reader = CsvContactReader.Continuing(stream, columns, delimiter, InputBatches.ReaderOptions(null));
                await foreach (var size in reader.ReadRowSizesAsync(cancellationToken))
                {
                    half.Add(size.Offset, size.JsonBytes);
                }

                return half;
            },
            CancellationToken.None);
    }

    private static int Digits(long number)
    {
        var digits = 1;
        for (; number >= 10; number /= 10)
        {
            digits++;
        }

        return digits;
    }

    /// <summary>What the pass over two halves learnt: the header, and the batches cut.</summary>
    private sealed record HalvesScan(IReadOnlyList<string> Columns, char Delimiter, BatchCut Cut);

    /// <summary>The second half's records, in order: each one's offset from the half's start and its JSON size (12 bytes a record, not a row).</summary>
    private sealed class SecondHalf
    {
        private readonly List<long> _offsets = [];
        private readonly List<int> _jsonBytes = [];

        public int Count => _offsets.Count;

        public (long Offset, int JsonBytes) this[int index] => (_offsets[index], _jsonBytes[index]);

        public void Add(long offset, long jsonBytes)
        {
            _offsets.Add(offset);
            _jsonBytes.Add(checked((int)jsonBytes));
        }
    }
}
