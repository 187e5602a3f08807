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

    // A part written before a column existed is shorter: its missing values are empty.
    private static string? At(Span<string?> values, int index) => index >= 0 && index < values.Length ? values[index] : null;
}
