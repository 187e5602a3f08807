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
        var (email, phone) = KeysOf(cells, first, count);
        var (earlier, earlierPhone) = Observe(tracker, email, phone, row);
        Fill(cells, first, earlier, earlierPhone);
    }

    /// <summary>
    /// The row's keys as the tracker holds them (<see cref="DuplicateTracker.KeyOf"/>), null for none or
    /// for a duplicate column the row lacks: this half of <see cref="Apply(DuplicateTracker, Utf8Row, int, int, long)"/>
    /// reads only the row, so it runs on the aggregate's parsing thread (issue 13).
    /// </summary>
    public (ulong? Email, ulong? Phone) KeysOf(Utf8Row cells, int first, int count)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ulong? email = null;
        ulong? phone = null;
        if (DuplicateOf >= 0 && DuplicateOf < count)
        {
            var key = At(cells, first, count, Canonical);
            if (key.IsEmpty)
            {
                key = At(cells, first, count, Normalized);
            }

            email = key.IsEmpty ? null : DuplicateTracker.KeyOf(key);
        }

        if (DuplicatePhoneOf >= 0 && DuplicatePhoneOf < count && At(cells, first, count, Phone) is { IsEmpty: false } e164)
        {
            phone = DuplicateTracker.KeyOf(e164);
        }

        return (email, phone);
    }

    /// <summary>The keys of <see cref="KeysOf"/> looked up, in input order: the earlier rows of a duplicate, null for a first appearance.</summary>
    public static (long? Earlier, long? EarlierPhone) Observe(DuplicateTracker tracker, ulong? email, ulong? phone, long row)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        return (email is { } key ? tracker.ObserveKey(key, row) : null, phone is { } e164 ? tracker.ObservePhoneKey(e164, row) : null);
    }

    /// <summary>The duplicate cells of a row of <paramref name="count"/> enrichment values from cell <paramref name="first"/>, -1 for one the row lacks.</summary>
    public (int DuplicateOf, int DuplicatePhoneOf) CellsOf(int first, int count) =>
        (DuplicateOf >= 0 && DuplicateOf < count ? first + DuplicateOf : -1, DuplicatePhoneOf >= 0 && DuplicatePhoneOf < count ? first + DuplicatePhoneOf : -1);

    /// <summary>Writes the earlier rows <see cref="Observe"/> found into the row's duplicate cells.</summary>
    public void Fill(Utf8Row cells, int first, long? earlier, long? earlierPhone)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (earlier is { } row)
        {
            SetRow(cells, first + DuplicateOf, row);
        }

        if (earlierPhone is { } phoneRow)
        {
            SetRow(cells, first + DuplicatePhoneOf, phoneRow);
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
