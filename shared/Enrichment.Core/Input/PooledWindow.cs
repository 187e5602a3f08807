using System.Buffers;

namespace Enrichment.Core.Input;

/// <summary>
/// The refill rule both streaming windows keep (bytes for the JSON readers, characters for the CSV
/// parser): slide the unread part to the front, or, when one record fills the whole window, double it
/// up to the record-size limit; then fill all the free space, because a record cut by the window's end
/// is parsed again from its start after every fill and small reads (a network stream's few KB) must
/// not turn a long record into many re-parses.
/// </summary>
internal static class PooledWindow
{
    /// <summary>Makes room after <paramref name="end"/>; false when one record already fills a window at the limit.</summary>
    public static bool TryMakeRoom<T>(ref T[] buffer, ref int start, ref int end, int limit)
    {
        if (start > 0)
        {
            Array.Copy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
            return true;
        }

        if (end < buffer.Length)
        {
            return true;
        }

        if (buffer.Length >= limit)
        {
            return false;
        }

        var bigger = ArrayPool<T>.Shared.Rent(Math.Min(buffer.Length * 2, limit));
        buffer.AsSpan(0, end).CopyTo(bigger);
        ArrayPool<T>.Shared.Return(buffer);
        buffer = bigger;
        return true;
    }

    /// <summary>Reads into the free space after <paramref name="end"/> until it is full or the input ends.</summary>
    public static async ValueTask<(int End, bool Eof)> FillAsync<T>(
        T[] buffer,
        int end,
        Func<Memory<T>, CancellationToken, ValueTask<int>> read,
        CancellationToken cancellationToken)
    {
        while (end < buffer.Length)
        {
            var count = await read(buffer.AsMemory(end), cancellationToken);
            if (count == 0)
            {
                return (end, true);
            }

            end += count;
        }

        return (end, false);
    }
}
