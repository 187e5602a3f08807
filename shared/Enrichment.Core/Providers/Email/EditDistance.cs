namespace Enrichment.Core.Providers.Email;

/// <summary>
/// Damerau-Levenshtein distance in its optimal-string-alignment form (insert, delete, substitute,
/// swap two neighbours), bounded: it stops as soon as the distance must exceed the bound.
/// </summary>
public static class EditDistance
{
    private const int MaxLength = 128;

    /// <summary>The distance when it is at most <paramref name="max"/>, else <c>max + 1</c>.</summary>
    /// <remarks>
    /// Only the diagonal band |i - j| &lt;= max is computed: a cell outside it is at least |i - j| and
    /// so past the bound whatever its exact value. The typo check runs this against every top mail
    /// domain for each unlisted domain, so a band of five cells a row instead of the full row matters.
    /// </remarks>
    public static int Bounded(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max)
        {
            return max + 1;
        }

        if (a.Length > MaxLength || b.Length > MaxLength)
        {
            return max + 1;
        }

        var past = max + 1;
        var width = b.Length + 1;
        Span<int> previous2 = stackalloc int[width];
        Span<int> previous = stackalloc int[width];
        Span<int> current = stackalloc int[width];
        for (var j = 0; j < width; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            var low = Math.Max(1, i - max);
            var high = Math.Min(b.Length, i + max);
            current[0] = i;
            if (low > 1)
            {
                // The cell left of the band: past the bound, and it may hold an older row's value.
                current[low - 1] = past;
            }

            var rowMin = low == 1 ? i : past;
            for (var j = low; j <= high; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }

                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }

            if (high < b.Length)
            {
                // The cell right of the band, which the next two rows read: past the bound.
                current[high + 1] = past;
            }

            if (rowMin > max)
            {
                return past;
            }

            var recycled = previous2;
            previous2 = previous;
            previous = current;
            current = recycled;
        }

        return Math.Min(previous[b.Length], past);
    }
}
