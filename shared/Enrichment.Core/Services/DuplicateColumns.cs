namespace Enrichment.Core.Services;

/// <summary>
/// Where the duplicate columns and their keys sit in a chain's enrichment columns, and the one rule
/// that fills them in write order: duplicate_of from email_canonical (else email_normalized, so an
/// invalid address still matches its exact repeat), duplicate_phone_of from phone_e164.
/// </summary>
public readonly record struct DuplicateColumns(int DuplicateOf, int Canonical, int Normalized, int DuplicatePhoneOf, int Phone)
{
    public static DuplicateColumns For(IReadOnlyList<string> enrichmentColumns) => new(
        OutputColumns.IndexOf(enrichmentColumns, OutputColumns.DuplicateOf),
        OutputColumns.IndexOf(enrichmentColumns, OutputColumns.EmailCanonical),
        OutputColumns.IndexOf(enrichmentColumns, OutputColumns.EmailNormalized),
        OutputColumns.IndexOf(enrichmentColumns, OutputColumns.DuplicatePhoneOf),
        OutputColumns.IndexOf(enrichmentColumns, OutputColumns.PhoneE164));

    /// <summary>Fills the duplicate columns of one record's enrichment values (in chain column order).</summary>
    public void Apply(DuplicateTracker tracker, Span<string?> enrichment, long row)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        if (DuplicateOf >= 0)
        {
            var key = At(enrichment, Canonical);
            if (string.IsNullOrEmpty(key))
            {
                key = At(enrichment, Normalized);
            }

            if (DuplicateOf < enrichment.Length && tracker.Observe(key, row) is { } first)
            {
                enrichment[DuplicateOf] = first.ToString(CultureInfo.InvariantCulture);
            }
        }

        if (DuplicatePhoneOf >= 0 && DuplicatePhoneOf < enrichment.Length && tracker.ObservePhone(At(enrichment, Phone), row) is { } firstPhone)
        {
            enrichment[DuplicatePhoneOf] = firstPhone.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>
    /// <see cref="Apply(DuplicateTracker, Span{string?}, long)"/> for a row of UTF-8 cells, its
    /// <paramref name="count"/> enrichment values from cell <paramref name="first"/>: the same rule, the
    /// keys looked up from their bytes (<see cref="DuplicateTracker"/> hashes them as their strings),
    /// and a duplicate's earlier row written as its string would be.
    /// </summary>
    public void Apply(DuplicateTracker tracker, Utf8Row cells, int first, int count, long row)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(cells);
        if (DuplicateOf >= 0 && DuplicateOf < count)
        {
            var key = At(cells, first, count, Canonical);
            if (key.IsEmpty)
            {
                key = At(cells, first, count, Normalized);
            }

            if (tracker.Observe(key, row) is { } earlier)
            {
                SetRow(cells, first + DuplicateOf, earlier);
            }
        }

        if (DuplicatePhoneOf >= 0 && DuplicatePhoneOf < count && tracker.ObservePhone(At(cells, first, count, Phone), row) is { } earlierPhone)
        {
            SetRow(cells, first + DuplicatePhoneOf, earlierPhone);
        }
    }

    private static void SetRow(Utf8Row cells, int cell, long row)
    {
        var room = cells.Reserve(cell, 20);
        row.TryFormat(room, out var written, default, CultureInfo.InvariantCulture);
        cells.Commit(cell, written);
    }

    private static ReadOnlySpan<byte> At(Utf8Row cells, int first, int count, int index) => index >= 0 && index < count ? cells[first + index] : default;

    // A part written before a column existed is shorter: its missing values are empty.
    private static string? At(Span<string?> values, int index) => index >= 0 && index < values.Length ? values[index] : null;
}
